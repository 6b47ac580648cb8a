import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../session/session.js';
import { BalancesCard } from './BalancesCard.js';
import { LoginHistoryCard } from './LoginHistoryCard.js';
import { ProfileCard } from './ProfileCard.js';

/** Rendered inside RequireAuth, so the user is known. */
export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe().data;
  if (!me) return null;
  return (
    <Flex vertical gap="large">
      <Typography.Title level={2} className="page-title">
        {t('account.title')}
      </Typography.Title>
      <ProfileCard me={me} />
      <BalancesCard />
      <LoginHistoryCard />
    </Flex>
  );
}
