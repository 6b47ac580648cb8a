import { CopyOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiKeyScope, ApiKeyView } from '../../../../common/api/merchants.js';
import { createApiKey, listApiKeys, revokeApiKey, type CreatedApiKey } from '../../api/merchant.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import { MerchantConsole } from './MerchantConsole.js';
import { MERCHANT_KEY } from './shopQuery.js';

const API_KEYS_QUERY_KEY = [MERCHANT_KEY, 'api-keys'] as const;

// The server's list (common/api/merchants.ts), repeated here because the web app imports no zod values.
const API_KEY_SCOPES: readonly ApiKeyScope[] = [
  'keys:write',
  'products:read',
  'orders:read',
  'orders:fulfil',
];

/** `/merchant/api-keys`: the shop's machine credentials, each limited to its scopes. */
export function ApiKeysPage() {
  const { t } = useTranslation();
  return (
    <MerchantConsole section="apiKeys" title={t('merchant.apiKeys.title')}>
      {() => <ApiKeys />}
    </MerchantConsole>
  );
}

function ApiKeys() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const locale = currentLocale();
  const keys = useQuery({ queryKey: API_KEYS_QUERY_KEY, queryFn: listApiKeys });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey | null>(null);

  const revoke = useMutation({
    mutationFn: (key: ApiKeyView) => revokeApiKey(key.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: API_KEYS_QUERY_KEY });
      void message.success(t('merchant.apiKeys.revoked'));
    },
  });

  const columns: TableColumnsType<ApiKeyView> = [
    {
      key: 'name',
      title: t('merchant.apiKeys.name'),
      render: (_v, key) => (
        <Flex vertical>
          <Typography.Text strong data-testid="api-key-name">
            {key.name}
          </Typography.Text>
          <Typography.Text type="secondary" code data-testid="api-key-prefix">
            {key.prefix}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'scopes',
      title: t('merchant.apiKeys.scopes'),
      render: (_v, key) => (
        <Space wrap size={4}>
          {key.scopes.map((scope) => (
            <Tag key={scope} title={t(`merchant.apiKeys.scopeHelp.${scope}`)}>
              {scope}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      key: 'created',
      title: t('merchant.apiKeys.createdAt'),
      render: (_v, key) => formatDateTime(key.createdAt, locale),
    },
    {
      key: 'lastUsed',
      title: t('merchant.apiKeys.lastUsedAt'),
      render: (_v, key) =>
        key.lastUsedAt ? formatDateTime(key.lastUsedAt, locale) : t('merchant.apiKeys.never'),
    },
    {
      key: 'state',
      title: t('merchant.apiKeys.state'),
      render: (_v, key) =>
        key.revokedAt ? (
          <Tag color="red" data-testid="api-key-state" data-state="revoked">
            {t('merchant.apiKeys.revokedAt', { time: formatDateTime(key.revokedAt, locale) })}
          </Tag>
        ) : (
          <Space>
            <Tag color="green" data-testid="api-key-state" data-state="active">
              {t('merchant.apiKeys.active')}
            </Tag>
            <Popconfirm
              title={t('merchant.apiKeys.revokeTitle', { name: key.name })}
              description={t('merchant.apiKeys.revokeBody')}
              okText={t('merchant.apiKeys.revoke')}
              // A test id on the confirming button; ButtonProps has no index signature for data attributes.
              okButtonProps={{ danger: true, ...({ 'data-testid': 'api-key-revoke-confirm' } as object) }}
              cancelText={t('common.cancel')}
              onConfirm={() => revoke.mutate(key)}
            >
              <Button size="small" danger data-testid="api-key-revoke">
                {t('merchant.apiKeys.revoke')}
              </Button>
            </Popconfirm>
          </Space>
        ),
    },
  ];

  const origin = window.location.origin;
  return (
    <Flex vertical gap="middle">
      <Typography.Paragraph className="page-intro flush">{t('merchant.apiKeys.intro')}</Typography.Paragraph>
      <Card
        extra={
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="api-key-create"
          >
            {t('merchant.apiKeys.create')}
          </Button>
        }
      >
        {keys.isError && <ProblemAlert error={keys.error} onRetry={() => void keys.refetch()} />}
        {revoke.isError && <ProblemAlert error={revoke.error} testId="api-key-revoke-error" />}
        <Table<ApiKeyView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={keys.data?.items ?? []}
          loading={keys.isPending}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('merchant.apiKeys.empty') }}
          data-testid="api-keys-table"
        />
      </Card>
      <Card title={t('merchant.apiKeys.howTitle')} size="small">
        <Typography.Paragraph>{t('merchant.apiKeys.howBody')}</Typography.Paragraph>
        <pre className="code-block" data-testid="api-key-example">
          {`curl -H "Authorization: Bearer <token>" \\\n  "${origin}/api/v1/merchant/orders?status=paid"`}
        </pre>
        <a href="/api/docs" target="_blank" rel="noreferrer" data-testid="api-docs-link">
          {t('merchant.apiKeys.docs')}
        </a>
      </Card>
      {creating && (
        <CreateKeyModal
          onClose={() => setCreating(false)}
          onCreated={(answer) => {
            setCreating(false);
            setCreated(answer);
          }}
        />
      )}
      {created && <TokenOnceModal created={created} onClose={() => setCreated(null)} />}
    </Flex>
  );
}

function CreateKeyModal({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (created: CreatedApiKey) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ name: string; scopes: ApiKeyScope[] }>();
  const create = useMutation({
    mutationFn: createApiKey,
    onSuccess: (answer) => {
      void queryClient.invalidateQueries({ queryKey: API_KEYS_QUERY_KEY });
      onCreated(answer);
    },
  });
  return (
    <Modal
      open
      title={t('merchant.apiKeys.create')}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={create.isPending}
          onClick={() => form.submit()}
          data-testid="api-key-create-submit"
        >
          {t('merchant.apiKeys.create')}
        </Button>,
      ]}
    >
      {create.isError && <ProblemAlert error={create.error} testId="api-key-create-error" />}
      <Form
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ name: '', scopes: ['orders:read', 'orders:fulfil'] }}
        onFinish={(values) => create.mutate({ name: values.name.trim(), scopes: values.scopes })}
      >
        <Form.Item
          name="name"
          label={t('merchant.apiKeys.name')}
          rules={[{ required: true, whitespace: true, max: 40, message: t('merchant.apiKeys.nameRule') }]}
        >
          <Input maxLength={40} data-testid="api-key-name-input" />
        </Form.Item>
        <Form.Item
          name="scopes"
          label={t('merchant.apiKeys.scopes')}
          rules={[{ required: true, type: 'array', min: 1, message: t('merchant.apiKeys.scopesRule') }]}
        >
          <Checkbox.Group>
            <Flex vertical gap="small">
              {API_KEY_SCOPES.map((scope) => (
                <Checkbox key={scope} value={scope} data-testid={`api-key-scope-${scope}`}>
                  <Typography.Text code>{scope}</Typography.Text> {t(`merchant.apiKeys.scopeHelp.${scope}`)}
                </Checkbox>
              ))}
            </Flex>
          </Checkbox.Group>
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TokenOnceModal({ created, onClose }: { created: CreatedApiKey; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.token);
      void message.success(t('merchant.apiKeys.copied'));
    } catch {
      void message.warning(t('merchant.apiKeys.copyFailed'));
    }
  };
  return (
    <Modal
      open
      closable={false}
      maskClosable={false}
      keyboard={false}
      title={t('merchant.apiKeys.tokenTitle')}
      footer={[
        <Button key="copy" icon={<CopyOutlined />} onClick={() => void copy()} data-testid="api-token-copy">
          {t('merchant.apiKeys.copy')}
        </Button>,
        <Button key="done" type="primary" onClick={onClose} data-testid="api-token-done">
          {t('merchant.apiKeys.done')}
        </Button>,
      ]}
    >
      <Alert type="warning" showIcon className="form-alert" title={t('merchant.apiKeys.tokenWarning')} />
      <Typography.Text strong>{created.apiKey.name}</Typography.Text>
      <code className="merchant-token" data-testid="api-token">
        {created.token}
      </code>
    </Modal>
  );
}
