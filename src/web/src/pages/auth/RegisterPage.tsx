import { useMutation } from '@tanstack/react-query';
import { Button, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { register } from '../../api/endpoints.js';
import type { ApiProblem } from '../../api/problem.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { showProblemOnForm } from '../../components/formProblems.js';
import { currentLocale } from '../../i18n/i18n.js';
import { AuthCard } from './AuthCard.js';
import { EmailField, NewPasswordFields } from './fields.js';
import type { VerifyPageState } from './navigation.js';

interface RegisterValues {
  email: string;
  displayName?: string;
  password: string;
  confirm: string;
}

export function RegisterPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<RegisterValues>();
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const signUp = useMutation({
    mutationFn: ({ email, displayName, password }: RegisterValues) =>
      register({
        email,
        password,
        locale: currentLocale(),
        ...(displayName?.trim() ? { displayName: displayName.trim() } : {}),
      }),
    onMutate: () => setProblem(null),
    onSuccess: async (started, values) => {
      const state: VerifyPageState = { verificationId: started.verificationId, email: values.email };
      await navigate('/verify-email', { state });
    },
    onError: (error) =>
      setProblem(showProblemOnForm(form, error, t('errors.loadFailed'), { AUTH_PASSWORD_WEAK: 'password' })),
  });

  return (
    <AuthCard title={t('register.title')}>
      {problem && <ProblemAlert error={problem} testId="register-error" />}
      <Form<RegisterValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => signUp.mutate(values)}
      >
        <EmailField testId="register-email" autoFocus />
        <Form.Item
          name="displayName"
          label={t('register.displayName')}
          extra={t('register.displayNameHint')}
          rules={[{ max: 40, message: t('register.displayNameTooLong') }]}
        >
          <Input autoComplete="nickname" data-testid="register-display-name" />
        </Form.Item>
        <NewPasswordFields name="password" label={t('form.password')} testId="register-password" />
        <Button
          type="primary"
          htmlType="submit"
          block
          loading={signUp.isPending}
          data-testid="register-submit"
        >
          {t('register.submit')}
        </Button>
      </Form>
      <div className="auth-links">
        <Typography.Text type="secondary">
          {t('register.haveAccount')} <Link to="/login">{t('register.toLogin')}</Link>
        </Typography.Text>
      </div>
    </AuthCard>
  );
}
