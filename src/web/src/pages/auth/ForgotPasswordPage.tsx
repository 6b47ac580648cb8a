import { useMutation } from '@tanstack/react-query';
import { Button, Form, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { confirmPasswordReset, requestPasswordReset } from '../../api/endpoints.js';
import type { ApiProblem } from '../../api/problem.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { showProblemOnForm } from '../../components/formProblems.js';
import { currentLocale } from '../../i18n/i18n.js';
import { AuthCard } from './AuthCard.js';
import { CodeField, EmailField, NewPasswordFields } from './fields.js';
import type { LoginPageState } from './navigation.js';

interface ResetInProgress {
  resetId: string;
  email: string;
}

/** Two steps on one page: ask for a code, then send it back with the new password. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [reset, setReset] = useState<ResetInProgress | null>(null);
  return (
    <AuthCard title={t('forgot.title')}>
      {reset ? (
        <NewPasswordStep reset={reset} onRestart={() => setReset(null)} />
      ) : (
        <RequestCodeStep onRequested={setReset} />
      )}
      <div className="auth-links">
        <Link to="/login">{t('forgot.backToLogin')}</Link>
      </div>
    </AuthCard>
  );
}

function RequestCodeStep({ onRequested }: { onRequested: (reset: ResetInProgress) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ email: string }>();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const request = useMutation({
    mutationFn: (email: string) => requestPasswordReset({ email, locale: currentLocale() }),
    onMutate: () => setProblem(null),
    onSuccess: (started, email) => onRequested({ resetId: started.resetId, email }),
    onError: (error) => setProblem(showProblemOnForm(form, error, t('errors.loadFailed'))),
  });
  return (
    <>
      <Typography.Paragraph>{t('forgot.intro')}</Typography.Paragraph>
      {problem && <ProblemAlert error={problem} testId="forgot-error" />}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={({ email }) => request.mutate(email)}
      >
        <EmailField testId="forgot-email" autoFocus />
        <Button type="primary" htmlType="submit" block loading={request.isPending} data-testid="forgot-send">
          {t('forgot.send')}
        </Button>
      </Form>
    </>
  );
}

interface NewPasswordValues {
  code: string;
  newPassword: string;
  confirm: string;
}

function NewPasswordStep({ reset, onRestart }: { reset: ResetInProgress; onRestart: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<NewPasswordValues>();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const confirm = useMutation({
    mutationFn: ({ code, newPassword }: NewPasswordValues) =>
      confirmPasswordReset({ resetId: reset.resetId, code, newPassword }),
    onMutate: () => setProblem(null),
    onSuccess: async () => {
      const state: LoginPageState = { email: reset.email, notice: 'passwordReset' };
      await navigate('/login', { state });
    },
    onError: (error) =>
      setProblem(
        showProblemOnForm(form, error, t('errors.loadFailed'), { AUTH_PASSWORD_WEAK: 'newPassword' }),
      ),
  });
  return (
    <>
      <Typography.Paragraph data-testid="forgot-sent-to">
        {t('forgot.sentTo', { email: reset.email })}
      </Typography.Paragraph>
      {problem && <ProblemAlert error={problem} testId="forgot-error" />}
      {problem?.remainingAttempts !== undefined && problem.remainingAttempts > 0 && (
        <Typography.Paragraph type="warning">
          {t('verify.remaining', { count: problem.remainingAttempts })}
        </Typography.Paragraph>
      )}
      <Form<NewPasswordValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => confirm.mutate(values)}
      >
        <CodeField testId="forgot-code" />
        <NewPasswordFields name="newPassword" label={t('forgot.newPassword')} testId="forgot-new-password" />
        <Button
          type="primary"
          htmlType="submit"
          block
          loading={confirm.isPending}
          data-testid="forgot-submit"
        >
          {t('forgot.submit')}
        </Button>
      </Form>
      <Button type="link" onClick={onRestart} className="auth-restart">
        {t('forgot.otherEmail')}
      </Button>
    </>
  );
}
