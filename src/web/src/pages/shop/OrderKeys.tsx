import { CheckOutlined, CopyOutlined, EyeOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, List, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RevealedKey } from '../../api/shop.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';

function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const [failed, setFailed] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setFailed(false);
    } catch {
      // No clipboard permission (or an insecure origin): the key is on screen to copy by hand.
      setFailed(true);
    }
  };
  return (
    <Button
      size="small"
      icon={copied ? <CheckOutlined /> : <CopyOutlined />}
      onClick={() => void copy()}
      data-testid="key-copy"
      data-copied={copied ? 'true' : 'false'}
    >
      {copied ? t('shop.keys.copied') : failed ? t('shop.keys.copyFailed') : t('shop.keys.copy')}
    </Button>
  );
}

/**
 * The card keys of a delivered order, fetched only when the buyer asks: every reveal is written to the
 * audit log, so opening the order page alone must not reveal them.
 */
export function OrderKeys({ reveal }: { reveal: () => Promise<{ keys: RevealedKey[] }> }) {
  const { t } = useTranslation();
  const keys = useMutation({ mutationFn: reveal });
  return (
    <Card size="small" title={t('shop.keys.title')} data-testid="order-keys">
      {keys.data ? (
        <List
          size="small"
          dataSource={keys.data.keys}
          renderItem={(key) => (
            <List.Item key={key.id} data-testid="key-item" data-replaced={key.replaced ? 'true' : 'false'}>
              <Flex justify="space-between" align="center" gap={8} wrap className="shop-key-row">
                <Typography.Text
                  code
                  copyable={false}
                  className={key.replaced ? 'shop-key is-replaced' : 'shop-key'}
                  data-testid="key-secret"
                >
                  {key.secret}
                </Typography.Text>
                {key.replaced ? (
                  <Tag data-testid="key-replaced">{t('shop.keys.replaced')}</Tag>
                ) : (
                  <CopyButton text={key.secret} />
                )}
              </Flex>
            </List.Item>
          )}
        />
      ) : (
        <Flex vertical gap={8} align="start">
          <Typography.Text type="secondary">{t('shop.keys.auditedNote')}</Typography.Text>
          <Button
            type="primary"
            icon={<EyeOutlined />}
            loading={keys.isPending}
            onClick={() => keys.mutate()}
            data-testid="reveal-keys"
          >
            {t('shop.keys.reveal')}
          </Button>
        </Flex>
      )}
      {keys.isError && <ProblemAlert error={keys.error} testId="keys-problem" />}
      {keys.data && keys.data.keys.length === 0 && <Alert type="info" title={t('shop.keys.none')} />}
    </Card>
  );
}
