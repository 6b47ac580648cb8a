import { Form, Radio } from 'antd';

/** A required choice as radio buttons: the dispute forms' reason, answer, outcome and review result. */
export function RadioField<Value extends string>({
  name,
  label,
  requiredMessage,
  options,
  testIdPrefix,
}: {
  name: string;
  label: string;
  requiredMessage: string;
  options: ReadonlyArray<{ value: Value; label: string }>;
  testIdPrefix: string;
}) {
  return (
    <Form.Item name={name} label={label} rules={[{ required: true, message: requiredMessage }]}>
      <Radio.Group>
        {options.map((option) => (
          <Radio key={option.value} value={option.value} data-testid={`${testIdPrefix}-${option.value}`}>
            {option.label}
          </Radio>
        ))}
      </Radio.Group>
    </Form.Item>
  );
}
