import { Form, Input, Select, type FormRule } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChannelField, ChannelKindName } from './channelKinds.js';

/**
 * One group of a kind's fields (`settings` or `credentials`), named `[group, field]` in the form.
 * Credentials are masked (password inputs; a masked text area for PEM keys, whose line breaks a
 * one-line input would drop) and never filled in: on edit, empty means "keep the stored ones", and
 * nothing is required until the admin starts typing new ones.
 */
export function KindFields({
  kind,
  group,
  fields,
  secrets = 'new',
}: {
  kind: ChannelKindName;
  group: 'settings' | 'credentials';
  fields: readonly ChannelField[];
  /** new: a channel without keys; keep: stored keys, nothing typed; replace: new keys being typed. */
  secrets?: 'new' | 'keep' | 'replace';
}) {
  const { t } = useTranslation();
  const isSecret = group === 'credentials';
  return fields.map((field) => {
    // The key is built from the field's name: the field's own name is the fallback, never a blank label.
    const label = t(`payments.kinds.${kind}.${field.name}`, { defaultValue: field.name });
    const rules: FormRule[] = [
      isSecret && secrets === 'keep'
        ? { required: false }
        : {
            required: field.required,
            whitespace: true,
            message:
              isSecret && secrets === 'replace'
                ? t('payments.form.completeCredentials')
                : t('payments.form.fieldRequired', { field: label }),
          },
    ];
    if (field.minLength !== undefined) {
      rules.push({
        min: field.minLength,
        message: t('payments.form.tooShort', { field: label, min: field.minLength }),
      });
    }
    const testId = `channel-${group}-${field.name}`;
    const optionsOf = (options: readonly string[]) =>
      options.map((value) => ({
        value,
        label: t(`payments.kinds.${kind}.options.${value}`, { defaultValue: value }),
      }));
    return (
      <Form.Item
        key={`${kind}.${group}.${field.name}`}
        name={[group, field.name]}
        label={label}
        extra={t(`payments.kinds.${kind}.${field.name}Hint`, { defaultValue: '' })}
        rules={rules}
      >
        {field.input === 'select' ? (
          <Select
            allowClear={!field.required}
            options={optionsOf(field.options ?? [])}
            data-testid={testId}
          />
        ) : field.input === 'multiselect' ? (
          <Select mode="multiple" options={optionsOf(field.options ?? [])} data-testid={testId} />
        ) : field.input === 'textarea' ? (
          <Input.TextArea
            rows={4}
            spellCheck={false}
            autoComplete="off"
            className={isSecret ? 'payment-secret-text' : 'payment-key-text'}
            data-testid={testId}
          />
        ) : isSecret ? (
          <Input.Password autoComplete="new-password" spellCheck={false} data-testid={testId} />
        ) : (
          <Input autoComplete="off" spellCheck={false} data-testid={testId} />
        )}
      </Form.Item>
    );
  });
}
