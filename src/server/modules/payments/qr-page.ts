/**
 * Kameng's own page that shows a provider's payment code as a QR code (WeChat Pay Native `code_url`,
 * Alipay 当面付 `qr_code`) and returns to the order or wallet once the payment pipeline has confirmed it.
 * The provider's redirect is this path; the page reads everything from the query string.
 */
export const QR_PAGE_PATH = '/pay/qr';

export type QrApp = 'wechat' | 'alipay';

export function qrPagePath(input: {
  app: QrApp;
  code: string;
  paymentId: string;
  returnPath: string;
}): string {
  const query = new URLSearchParams({
    app: input.app,
    code: input.code,
    payment: input.paymentId,
    return: input.returnPath,
  });
  return `${QR_PAGE_PATH}?${query.toString()}`;
}
