import { useMutation } from '@tanstack/react-query';
import { Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../components/ProblemAlert.js';

/**
 * A written dispute note (escalation, appeal, answer, decision): the server wants 2–2,000 characters;
 * only the merchant's answer may leave it out (`required={false}`).
 */
export function NoteField({
  label,
  extra,
  required = true,
  testId,
}: {
  label: string;
  extra?: string;
  required?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="note"
      label={label}
      extra={extra}
      rules={[{ required, whitespace: required, min: 2, max: 2000, message: t('disputes.noteRule') }]}
    >
      <Input.TextArea rows={4} maxLength={2000} showCount data-testid={testId} />
    </Form.Item>
  );
}

/**
 * A step that needs the reason in words (申请平台介入, 申诉): the note, then `submit`; the server's refusal
 * shows in the dialog, success closes it.
 */
export function NoteModal({
  title,
  intro,
  label,
  okText,
  submit,
  onDone,
  onClose,
  testId,
}: {
  title: string;
  intro?: string;
  label: string;
  okText: string;
  submit: (note: string) => Promise<unknown>;
  onDone: () => void;
  onClose: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string }>();
  const send = useMutation({ mutationFn: submit, onSuccess: onDone });
  return (
    <Modal
      open
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      confirmLoading={send.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': `${testId}-ok` }}
    >
      {intro && <Typography.Paragraph>{intro}</Typography.Paragraph>}
      {send.isError && <ProblemAlert error={send.error} testId={`${testId}-problem`} />}
      <Form
        form={form}
        className="dispute-form"
        layout="vertical"
        requiredMark={false}
        onFinish={({ note }) => send.mutate(note.trim())}
      >
        <NoteField label={label} testId={`${testId}-note`} />
      </Form>
    </Modal>
  );
}
