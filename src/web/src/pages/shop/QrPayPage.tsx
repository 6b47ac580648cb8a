import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, QRCode, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { BALANCES_QUERY_KEY } from '../../api/endpoints.js';
import { checkPayment } from '../../api/shop.js';

/** How often the page asks whether the payment arrived ("我已支付" asks at once). */
const CHECK_EVERY_MS = 5_000;

/** What each app's payment code looks like: only these are drawn (never an arbitrary link). */
const CODE_PREFIX = { wechat: 'weixin://', alipay: 'https://qr.alipay.com/' } as const;
type QrApp = keyof typeof CODE_PREFIX;

/**
 * `value` as a path of this app, or null. Resolved as the browser resolves it: besides `//host`, `/\host`
 * and a path with a tab or newline in it (`/\t/host`, the URL parser drops those) name another site, and
 * the router refuses to go there with an uncaught error, leaving the buyer stuck on this page.
 */
function localPath(value: string): string | null {
  if (!value.startsWith('/')) return null;
  const url = new URL(value, window.location.origin);
  return url.origin === window.location.origin ? `${url.pathname}${url.search}${url.hash}` : null;
}

/**
 * 扫码支付: WeChat Pay Native's `code_url` (`weixin://wxpay/bizpayurl?pr=…`) or Alipay 当面付's `qr_code`
 * (`https://qr.alipay.com/…`, which a phone can also open in Alipay) as a QR code the buyer scans. The page
 * asks Kameng now and then whether the payment arrived (Kameng asks the provider) and returns to the order
 * or wallet when it has. Everything comes in the query string the server's redirect wrote: `app`, `code`,
 * `payment` and `return` (a path of this app only, never another site).
 */
export function QrPayPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const appParam = params.get('app');
  const app: QrApp | null = appParam === 'wechat' || appParam === 'alipay' ? appParam : null;
  const code = params.get('code') ?? '';
  const paymentId = params.get('payment') ?? '';
  const back = localPath(params.get('return') ?? '') ?? '';
  const valid =
    app !== null &&
    code.startsWith(CODE_PREFIX[app]) &&
    /^pay_[0-9A-Za-z]{10,40}$/.test(paymentId) &&
    back !== '';

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
      <Card
        className="shop-sandbox-card"
        title={t(app === 'alipay' ? 'payments.qrPay.alipayTitle' : 'payments.qrPay.wechatTitle')}
        data-testid="qr-pay-page"
      >
        {!valid ? (
          <Alert type="error" showIcon title={t('payments.qrPay.invalid')} />
        ) : (
          <Flex vertical align="center" gap="middle">
            <Typography.Text>
              {t(app === 'alipay' ? 'payments.qrPay.alipayScan' : 'payments.qrPay.wechatScan')}
            </Typography.Text>
            <QRCode value={code} size={220} data-testid="qr-pay-code" />
            {app === 'alipay' && (
              <Button href={code} data-testid="qr-pay-open-app">
                {t('payments.qrPay.openAlipay')}
              </Button>
            )}
            {status === 'succeeded' ? (
              <Alert type="success" showIcon title={t('payments.qrPay.paid')} />
            ) : status === 'failed' || status === 'expired' ? (
              <Alert type="warning" showIcon title={t('payments.qrPay.failed')} />
            ) : (
              <Typography.Text type="secondary">{t('payments.qrPay.waiting')}</Typography.Text>
            )}
            <Flex gap={8} wrap>
              <Button
                type="primary"
                loading={check.isFetching}
                onClick={() => void check.refetch()}
                data-testid="qr-pay-check"
              >
                {t('payments.qrPay.check')}
              </Button>
              <Button onClick={() => void navigate(back)}>{t('payments.qrPay.back')}</Button>
            </Flex>
          </Flex>
        )}
      </Card>
    </Flex>
  );
}
