import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Form, Input, Modal, Tag, type FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MerchantStatusName } from '../../../../../common/api/merchants.js';
import { toProblem, type ApiProblem } from '../../../api/problem.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';

/** Every query of this area starts with this key, so one invalidation refreshes the whole console. */
export const ADMIN_COMMERCE_KEY = 'adminCommerce';

/**
 * One audited change from the console: on success everything the console and the audit log show is
 * read again and `onDone` runs; a refusal is kept for the form or modal to show.
 */
export function useConsoleChange<Input, Output>(
  change: (input: Input) => Promise<Output>,
  onDone: (output: Output) => void,
  successText?: string,
) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const mutation = useMutation({
    mutationFn: change,
    onMutate: () => setProblem(null),
    onSuccess: async (output) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: [ADMIN_COMMERCE_KEY] }),
        queryClient.invalidateQueries({ queryKey: ['admin'] }),
        queryClient.invalidateQueries({ queryKey: ['shop'] }),
      ]);
      void message.success(successText ?? t('adminCommerce.saved'));
      onDone(output);
    },
    onError: (error) => setProblem(toProblem(error, t('errors.loadFailed'))),
  });
  return { mutation, problem, setProblem };
}

/**
 * The dialog of one audited change: what it will do (`hint`), the server's refusal, the form (`children`
 * are its fields, submitted by OK), and OK marked `${testId}-submit`, red when `danger`.
 */
export function ConsoleChangeModal<Values extends object>({
  title,
  okText,
  danger = false,
  testId,
  hint,
  isWarning = danger,
  change,
  form,
  initialValues,
  onFinish,
  onClose,
  children,
}: {
  title: string;
  okText: string;
  danger?: boolean;
  testId: string;
  hint: string;
  isWarning?: boolean;
  change: { mutation: { isPending: boolean }; problem: ApiProblem | null };
  form: FormInstance<Values>;
  initialValues?: Partial<Values>;
  onFinish: (values: Values) => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={title}
      okText={okText}
      okButtonProps={{ danger, ...{ 'data-testid': `${testId}-submit` } }}
      cancelText={t('common.cancel')}
      confirmLoading={change.mutation.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Alert type={isWarning ? 'warning' : 'info'} showIcon className="form-alert" title={hint} />
      {change.problem && <ProblemAlert error={change.problem} testId={`${testId}-error`} />}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={initialValues}
        onFinish={onFinish}
      >
        {children}
      </Form>
    </Modal>
  );
}

/** The reason every audited change carries: 2–500 characters, as the server wants. */
export function ReasonInput({
  name = 'reason',
  label,
  required = true,
  testId,
}: {
  name?: string;
  label?: string;
  required?: boolean;
  testId: string;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name={name}
      label={label ?? t('adminCommerce.reason')}
      extra={t('adminCommerce.reasonHint')}
      rules={
        required
          ? [
              {
                required: true,
                whitespace: true,
                min: 2,
                max: 500,
                message: t('adminCommerce.reasonRequired'),
              },
            ]
          : [{ max: 500 }]
      }
    >
      <Input.TextArea rows={3} maxLength={500} showCount data-testid={testId} />
    </Form.Item>
  );
}

const STATUS_COLORS: Record<MerchantStatusName, string> = {
  applying: 'gold',
  rejected: 'red',
  approved: 'cyan',
  active: 'green',
  suspended: 'volcano',
  closing: 'orange',
  closed: 'default',
};

export function MerchantStatusTag({ status }: { status: MerchantStatusName }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="merchant-status" data-status={status}>
      {t(`adminCommerce.merchantStatus.${status}`)}
    </Tag>
  );
}
