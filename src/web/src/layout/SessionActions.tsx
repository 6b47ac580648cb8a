import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { logout } from '../api/endpoints.js';
import { toProblem } from '../api/problem.js';
import { resetSession, useMe } from '../session/session.js';

/** The signed-in user's name and a sign-out button, or the sign-in and sign-up buttons. */
export function SessionActions({
  vertical = false,
  onNavigate,
}: {
  vertical?: boolean;
  onNavigate?: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const signOut = useMutation({
    mutationFn: logout,
    onSuccess: async () => {
      resetSession(queryClient, null);
      onNavigate?.();
      await navigate('/');
      void message.success(t('nav.loggedOut'));
    },
    onError: (error) => void message.error(toProblem(error, t('errors.loadFailed')).detail),
  });
  const go = (path: string) => {
    onNavigate?.();
    void navigate(path);
  };

  if (me.isPending) return null;
  return (
    <Flex gap="small" vertical={vertical} align={vertical ? 'stretch' : 'center'}>
      {me.data ? (
        <>
          <Link to="/account" className="header-user" data-testid="header-user" onClick={onNavigate}>
            <UserOutlined /> <span className="header-user-name">{me.data.displayName}</span>
          </Link>
          <Button
            icon={<LogoutOutlined />}
            loading={signOut.isPending}
            onClick={() => signOut.mutate()}
            data-testid="header-logout"
          >
            {t('nav.logout')}
          </Button>
        </>
      ) : (
        <>
          <Button onClick={() => go('/login')} data-testid="header-login">
            {t('nav.login')}
          </Button>
          <Button type="primary" onClick={() => go('/register')} data-testid="header-register">
            {t('nav.register')}
          </Button>
        </>
      )}
    </Flex>
  );
}
