import { Form, Input, type FormRule } from 'antd';
import { useTranslation } from 'react-i18next';

/** Form fields shared by the sign-in, sign-up and reset pages, with the server's own limits. */
export function EmailField({ testId, autoFocus = false }: { testId: string; autoFocus?: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="email"
      label={t('form.email')}
      rules={[
        { required: true, message: t('form.emailRequired') },
        { type: 'email', max: 254, message: t('form.emailInvalid') },
      ]}
    >
      <Input type="email" autoComplete="email" inputMode="email" autoFocus={autoFocus} data-testid={testId} />
    </Form.Item>
  );
}

/** A new password and its confirmation, with the rules spelled out before the user trips on them. */
export function NewPasswordFields({ name, label, testId }: { name: string; label: string; testId: string }) {
  const { t } = useTranslation();
  const confirmRules: FormRule[] = [
    { required: true, message: t('form.confirmRequired') },
    ({ getFieldValue }) => ({
      validator: (_rule, value) =>
        !value || getFieldValue(name) === value
          ? Promise.resolve()
          : Promise.reject(new Error(t('form.confirmMismatch'))),
    }),
  ];
  return (
    <>
      <Form.Item
        name={name}
        label={label}
        extra={t('form.passwordRules')}
        rules={[
          { required: true, message: t('form.passwordRequired') },
          { min: 8, max: 128, message: t('form.passwordLength') },
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid={testId} />
      </Form.Item>
      <Form.Item name="confirm" label={t('form.confirmPassword')} dependencies={[name]} rules={confirmRules}>
        <Input.Password autoComplete="new-password" data-testid={`${testId}-confirm`} />
      </Form.Item>
    </>
  );
}

export function CodeField({ testId }: { testId: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="code"
      label={t('form.code')}
      normalize={(value: string) => value.replace(/\D/g, '').slice(0, 6)}
      rules={[{ required: true, pattern: /^\d{6}$/, message: t('form.codeInvalid') }]}
    >
      <Input
        className="code-input"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        placeholder="000000"
        data-testid={testId}
      />
    </Form.Item>
  );
}
