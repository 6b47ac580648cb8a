import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, QRCode, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { BALANCES_QUERY_KEY } from '../../api/endpoints.js';
import { checkPayment } from '../../api/shop.js';

/** How often the page asks whether the payment arrived ("我已支付" asks at once). */
const CHECK_EVERY_MS = 5_000;

/**
 * WeChat Pay Native (扫码支付): the server's `code_url` (`weixin://wxpay/bizpayurl?pr=…`) as a QR code the
 * buyer scans with WeChat. The page asks Kameng now and then whether the payment arrived (Kameng asks
 * WeChat) and returns to the order or wallet when it has. Everything comes in the query string the
 * server's redirect wrote: `code`, `payment` and `return` (a path of this app only, never another site).
 */
export function WechatPayPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const code = params.get('code') ?? '';
  const paymentId = params.get('payment') ?? '';
  const back = params.get('return') ?? '';
  const valid =
    code.startsWith('weixin://') &&
    /^pay_[0-9A-Za-z]{10,40}$/.test(paymentId) &&
    back.startsWith('/') &&
    !back.startsWith('//');

  const check = useQuery({
    queryKey: ['payments', paymentId, 'check'],
    queryFn: () => checkPayment(paymentId),
    enabled: valid,
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? CHECK_EVERY_MS : false),
  });
  const status = check.data?.status;

  useEffect(() => {
    if (status !== 'succeeded') return;
    void Promise.all([
      queryClient.invalidateQueries({ queryKey: ['orders'] }),
      queryClient.invalidateQueries({ queryKey: BALANCES_QUERY_KEY }),
      queryClient.invalidateQueries({ queryKey: ['wallet'] }),
    ]).then(() => navigate(back));
  }, [status, back, navigate, queryClient]);

  return (
    <Flex justify="center">
      <Card className="shop-sandbox-card" title={t('payments.wechatQr.title')} data-testid="wechat-qr-page">
        {!valid ? (
          <Alert type="error" showIcon title={t('payments.wechatQr.invalid')} />
        ) : (
          <Flex vertical align="center" gap="middle">
            <Typography.Text>{t('payments.wechatQr.scan')}</Typography.Text>
            <QRCode value={code} size={220} data-testid="wechat-qr" />
            {status === 'succeeded' ? (
              <Alert type="success" showIcon title={t('payments.wechatQr.paid')} />
            ) : status === 'failed' || status === 'expired' ? (
              <Alert type="warning" showIcon title={t('payments.wechatQr.failed')} />
            ) : (
              <Typography.Text type="secondary">{t('payments.wechatQr.waiting')}</Typography.Text>
            )}
            <Flex gap={8} wrap>
              <Button
                type="primary"
                loading={check.isFetching}
                onClick={() => void check.refetch()}
                data-testid="wechat-qr-check"
              >
                {t('payments.wechatQr.check')}
              </Button>
              <Button onClick={() => void navigate(back)}>{t('payments.wechatQr.back')}</Button>
            </Flex>
          </Flex>
        )}
      </Card>
    </Flex>
  );
}
