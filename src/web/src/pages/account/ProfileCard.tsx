import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Space, Tag, Typography, type DescriptionsProps } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../../common/api/accounts.js';
import { updateMe } from '../../api/endpoints.js';
import { toProblem } from '../../api/problem.js';
import { RoleTags } from '../../components/RoleTags.js';
import { formatDate } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { LANGUAGE_NAMES } from '../../i18n/languages.js';
import { ME_QUERY_KEY } from '../../session/session.js';

export function ProfileCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: updateMe,
    onSuccess: (updated, change) => {
      queryClient.setQueryData(ME_QUERY_KEY, updated);
      if (change.displayName !== undefined) void message.success(t('account.displayNameSaved'));
    },
    onError: (error) => void message.error(toProblem(error, t('errors.loadFailed')).detail),
  });
  const pageLocale = currentLocale();

  const saveDisplayName = (value: string) => {
    const trimmed = value.trim();
    if (trimmed === me.displayName) return;
    if (trimmed === '') {
      void message.error(t('account.displayNameEmpty'));
      return;
    }
    update.mutate({ displayName: trimmed });
  };

  const items: DescriptionsProps['items'] = [
    {
      key: 'email',
      label: t('form.email'),
      children: (
        <Space wrap>
          <Typography.Text data-testid="account-email" className="break-anywhere">
            {me.email}
          </Typography.Text>
          <Tag color={me.emailVerifiedAt ? 'green' : 'orange'}>
            {me.emailVerifiedAt ? t('account.emailVerified') : t('account.emailUnverified')}
          </Tag>
        </Space>
      ),
    },
    {
      key: 'displayName',
      label: t('account.displayName'),
      children: (
        <Typography.Text
          data-testid="account-display-name"
          className="break-anywhere"
          editable={{ onChange: saveDisplayName, maxLength: 40, triggerType: ['icon', 'text'] }}
        >
          {me.displayName}
        </Typography.Text>
      ),
    },
    { key: 'roles', label: t('account.roles'), children: <RoleTags roles={me.roles} /> },
    {
      key: 'status',
      label: t('account.status'),
      children: <Tag color={me.status === 'active' ? 'green' : 'red'}>{t(`userStatus.${me.status}`)}</Tag>,
    },
    {
      key: 'createdAt',
      label: t('account.createdAt'),
      children: <span data-testid="account-created">{formatDate(me.createdAt, pageLocale)}</span>,
    },
    {
      key: 'language',
      label: t('account.language'),
      children: (
        <Space orientation="vertical" size={0}>
          <span data-testid="account-language">{LANGUAGE_NAMES[me.locale]}</span>
          {/* Chosen before signing in, the page language may differ from the one saved for emails. */}
          {me.locale === pageLocale ? (
            <Typography.Text type="secondary">{t('account.languageHint')}</Typography.Text>
          ) : (
            <Button
              type="link"
              className="inline-link-button"
              loading={update.isPending}
              onClick={() => update.mutate({ locale: pageLocale })}
              data-testid="account-use-page-language"
            >
              {t('account.useCurrentLanguage', { language: LANGUAGE_NAMES[pageLocale] })}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card title={t('account.profile')} data-testid="profile-card">
      <Descriptions column={{ xs: 1, sm: 1, md: 2 }} items={items} />
    </Card>
  );
}
