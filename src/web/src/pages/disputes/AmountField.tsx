import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatMoney, moneyFromInput } from '../../../../common/money.js';

/**
 * An amount in 元 typed by a person, checked to be above 0 and at most `max` 分; read it back with
 * `moneyFromInput(value, 'CNY')` (common/money.ts: no floats).
 */
export function AmountField({
  name,
  label,
  max,
  required,
  extra,
  testId,
}: {
  name: string;
  label: string;
  max: number;
  required: boolean;
  extra?: string;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={label}
      extra={extra}
      rules={[
        {
          validator: (_rule, value: string | undefined) => {
            if (!required && (value ?? '').trim() === '') return Promise.resolve();
            const amount = moneyFromInput(value ?? '', 'CNY');
            return amount !== null && amount > 0 && amount <= max
              ? Promise.resolve()
              : Promise.reject(new Error(t('disputes.amountRule', { max: formatMoney(max, 'CNY') })));
          },
        },
      ]}
    >
      <Input prefix="¥" inputMode="decimal" data-testid={testId} />
    </Form.Item>
  );
}
