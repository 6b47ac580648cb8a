import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { isSignedIn, login } from '../../api/endpoints.js';
import { ApiProblem } from '../../api/problem.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { showProblemOnForm } from '../../components/formProblems.js';
import { currentLocale, storedLocale, switchLocale } from '../../i18n/i18n.js';
import { resetSession } from '../../session/session.js';
import { AuthCard } from './AuthCard.js';
import { EmailField } from './fields.js';
import { readLoginState, safeNextPath } from './navigation.js';

interface LoginValues {
  email: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<LoginValues>();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const arrival = readLoginState(location.state);
  const next = searchParams.get('next');

  const signIn = useMutation({
    mutationFn: login,
    onMutate: () => setProblem(null),
    onSuccess: async (answer) => {
      if (!isSignedIn(answer)) {
        setProblem(
          new ApiProblem({ status: 200, code: answer.status, detail: t('errors.unknownLoginStatus') }),
        );
        return;
      }
      resetSession(queryClient, answer.user);
      // A browser that never picked a language adopts the account's.
      if (storedLocale() === null && answer.user.locale !== currentLocale())
        await switchLocale(answer.user.locale);
      void message.success(t('login.welcome', { name: answer.user.displayName }));
      await navigate(safeNextPath(next), { replace: true });
    },
    onError: (error) => setProblem(showProblemOnForm(form, error, t('errors.loadFailed'))),
  });

  return (
    <AuthCard title={t('login.title')}>
      {arrival.notice && (
        <Alert
          type="success"
          showIcon
          className="form-alert"
          data-testid="login-notice"
          title={arrival.notice === 'verified' ? t('login.verified') : t('login.passwordReset')}
        />
      )}
      {next !== null && !arrival.notice && (
        <Alert type="info" showIcon className="form-alert" title={t('login.needLogin')} />
      )}
      {problem && <ProblemAlert error={problem} testId="login-error" />}
      <Form<LoginValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ email: arrival.email ?? '' }}
        onFinish={(values) => signIn.mutate(values)}
      >
        <EmailField testId="login-email" autoFocus={!arrival.email} />
        <Form.Item
          name="password"
          label={t('form.password')}
          rules={[{ required: true, message: t('form.passwordRequired') }]}
        >
          <Input.Password
            autoComplete="current-password"
            autoFocus={!!arrival.email}
            data-testid="login-password"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={signIn.isPending} data-testid="login-submit">
          {t('login.submit')}
        </Button>
      </Form>
      <div className="auth-links">
        <Link to="/forgot-password" data-testid="login-forgot">
          {t('login.forgot')}
        </Link>
        <Typography.Text type="secondary">
          {t('login.noAccount')} <Link to="/register">{t('login.toRegister')}</Link>
        </Typography.Text>
      </div>
    </AuthCard>
  );
}
