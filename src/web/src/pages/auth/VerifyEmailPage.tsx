import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Result, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import { resendRegistrationCode, verifyRegistration } from '../../api/endpoints.js';
import { isProblem, toProblem, type ApiProblem } from '../../api/problem.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { showProblemOnForm } from '../../components/formProblems.js';
import { AuthCard } from './AuthCard.js';
import { CodeField } from './fields.js';
import { readVerifyState, type LoginPageState } from './navigation.js';
import { useCountdown } from './useCountdown.js';

/** The server refuses a resend within a minute of the last send (AUTH_RESEND_TOO_SOON). */
const RESEND_INTERVAL_SECONDS = 60;

export function VerifyEmailPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const arrival = readVerifyState(location.state);
  if (!arrival) {
    return (
      <Result
        status="warning"
        title={t('verify.missingTitle')}
        subTitle={t('verify.missingBody')}
        extra={
          <Button type="primary" onClick={() => void navigate('/register')}>
            {t('verify.startOver')}
          </Button>
        }
      />
    );
  }
  return <VerifyEmailForm email={arrival.email} initialVerificationId={arrival.verificationId} />;
}

function VerifyEmailForm({ email, initialVerificationId }: { email: string; initialVerificationId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<{ code: string }>();
  const [verificationId, setVerificationId] = useState(initialVerificationId);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const countdown = useCountdown(RESEND_INTERVAL_SECONDS);

  const verify = useMutation({
    mutationFn: (code: string) => verifyRegistration({ verificationId, code }),
    onMutate: () => setProblem(null),
    onSuccess: async () => {
      const state: LoginPageState = { email, notice: 'verified' };
      await navigate('/login', { state });
    },
    onError: (error) => setProblem(showProblemOnForm(form, error, t('errors.loadFailed'))),
  });

  const resend = useMutation({
    mutationFn: () => resendRegistrationCode(verificationId),
    onMutate: () => setProblem(null),
    onSuccess: (started) => {
      setVerificationId(started.verificationId);
      countdown.restart(RESEND_INTERVAL_SECONDS);
      form.resetFields();
      void message.success(t('verify.resent'));
    },
    onError: (error) => {
      const failure = toProblem(error, t('errors.loadFailed'));
      if (isProblem(failure, 'AUTH_RESEND_TOO_SOON') && failure.retryAfterSeconds !== undefined) {
        countdown.restart(failure.retryAfterSeconds);
      }
      setProblem(failure);
    },
  });

  return (
    <AuthCard title={t('verify.title')}>
      <Typography.Paragraph data-testid="verify-sent-to">
        {t('verify.sentTo', { email })}
      </Typography.Paragraph>
      {problem && (
        <>
          <ProblemAlert error={problem} testId="verify-error" />
          {problem.remainingAttempts !== undefined && problem.remainingAttempts > 0 && (
            <Alert
              type="warning"
              className="form-alert"
              data-testid="verify-remaining"
              title={t('verify.remaining', { count: problem.remainingAttempts })}
            />
          )}
        </>
      )}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={({ code }) => verify.mutate(code)}>
        <CodeField testId="verify-code" />
        <Flex vertical gap="small">
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={verify.isPending}
            data-testid="verify-submit"
          >
            {t('verify.submit')}
          </Button>
          <Button
            block
            disabled={countdown.remaining > 0}
            loading={resend.isPending}
            onClick={() => resend.mutate()}
            data-testid="verify-resend"
          >
            {countdown.remaining > 0
              ? t('verify.resendIn', { seconds: countdown.remaining })
              : t('verify.resend')}
          </Button>
        </Flex>
      </Form>
      <Typography.Paragraph type="secondary" className="auth-hint">
        {t('verify.notReceived')}
      </Typography.Paragraph>
    </AuthCard>
  );
}
