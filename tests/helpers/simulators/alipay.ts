import { createSign, generateKeyPairSync } from 'node:crypto';
import { readBody } from './http.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AlipaySdk } from 'alipay-sdk';
import type {
  NotificationOptions,
  NotificationRequest,
  ProviderSimulator,
  SimulatedTrade,
} from '../provider-conformance.js';

/**
 * Alipay's open platform gateway (`/gateway.do`, OpenAPI 2.0, public-key mode) on 127.0.0.1. It checks
 * every request's RSA2 signature with the app's public key through the official `alipay-sdk`, keeps
 * trades, answers `alipay.trade.precreate`, `.query`, `.refund` and `.fastpay.refund.query` signed with its
 * own "Alipay" private key, opens trades when the buyer's browser arrives with a signed
 * `alipay.trade.page.pay` / `.wap.pay`, and writes async notifications as Alipay does — each one checked
 * with the SDK's `checkNotifySignV2` before it leaves, so the suite never sends what the SDK would refuse.
 * The signing here is Node's crypto and the SDK, never Kameng's adapter (payments/alipay/).
 */
export interface AlipaySimulator extends ProviderSimulator {
  readonly gateway: string;
  readonly appId: string;
  /** The app's key pair (应用私钥/公钥), PEM: the private half is the channel's credential. */
  readonly appPrivateKey: string;
  readonly appPublicKey: string;
  /** 支付宝公钥 (the simulator's own signing key's public half), PEM: a channel setting. */
  readonly alipayPublicKey: string;
  /** The official SDK set up as the merchant would set it up for this channel. */
  readonly merchantSdk: AlipaySdk;
  /** Every request the gateway received: the method and all its parameters. */
  readonly received: ReadonlyArray<{ method: string; params: Record<string, string> }>;
  trade(outTradeNo: string): AlipayTrade | undefined;
  /** While true, every answer's signature is spoiled (someone between Kameng and Alipay wrote it). */
  setAnswersForged(forged: boolean): void;
}

export interface AlipayTrade {
  tradeNo: string;
  outTradeNo: string;
  subject: string;
  /** As the merchant sent it: yuan with two decimals. */
  totalAmount: string;
  productCode: string;
  notifyUrl: string;
  status: 'WAIT_BUYER_PAY' | 'TRADE_SUCCESS' | 'TRADE_CLOSED';
  refundedFen: number;
  /** out_request_no → amount in 分: each refund request number is refunded once. */
  refunds: Map<string, number>;
  qrToken: string | null;
  gmtCreate: string;
  gmtPayment: string | null;
}

const PAGE_PRODUCTS: Record<string, string> = {
  'alipay.trade.page.pay': 'FAST_INSTANT_TRADE_PAY',
  'alipay.trade.wap.pay': 'QUICK_WAP_WAY',
};

/** Yuan to 分 by string operations: the simulator must not round either. */
function fen(yuan: string): number | null {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(yuan);
  return match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : null;
}

function yuan(amount: number): string {
  return `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}`;
}

/** A throwaway RSA-2048 pair, PEM (PKCS#8 and SPKI), as the Alipay key tool makes them. */
function rsaKeyPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

function beijingNow(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export async function startAlipaySimulator(
  options: { product?: 'page' | 'wap' | 'qr' } = {},
): Promise<AlipaySimulator> {
  const appId = '2021000122671080';
  const app = rsaKeyPair();
  const alipay = rsaKeyPair();
  // The gateway's view of the app, through the SDK: "the other side's public key" is the app's, so the
  // SDK's notification check verifies the app's request signatures (sorted parameters but `sign`).
  const gatewaySdk = new AlipaySdk({
    appId,
    privateKey: alipay.privateKey,
    keyType: 'PKCS8',
    alipayPublicKey: app.publicKey,
  });
  const trades = new Map<string, AlipayTrade>();
  const received: Array<{ method: string; params: Record<string, string> }> = [];
  let serial = 0;
  let refundsFail = false;
  let answersForged = false;

  /** Alipay's JSON answer: `<method>_response` and a signature over that object's exact text. */
  const answer = (response: ServerResponse, method: string, body: Record<string, unknown>, sign = true) => {
    // Alipay escapes `/` in its JSON (`https:\/\/qr.alipay.com\/…`): the signature covers those bytes.
    const content = JSON.stringify(body).replaceAll('/', '\\/');
    const key = `${method.replaceAll('.', '_')}_response`;
    const signature = createSign('RSA-SHA256')
      .update(answersForged ? `${content} ` : content, 'utf8')
      .sign(alipay.privateKey, 'base64');
    response.writeHead(200, { 'content-type': 'text/html;charset=utf-8' });
    response.end(`{"${key}":${content}${sign ? `,"sign":"${signature}"` : ''}}`);
  };
  const failure = (subCode: string, subMsg: string) => ({
    code: '40004',
    msg: 'Business Failed',
    sub_code: subCode,
    sub_msg: subMsg,
  });

  const openTrade = (method: string, params: Record<string, string>, biz: Record<string, unknown>) => {
    const totalAmount = typeof biz.total_amount === 'string' ? biz.total_amount : '';
    const outTradeNo = typeof biz.out_trade_no === 'string' ? biz.out_trade_no : '';
    const amount = fen(totalAmount);
    if (
      !outTradeNo ||
      !params.notify_url ||
      typeof biz.subject !== 'string' ||
      amount === null ||
      amount <= 0
    )
      return failure('ACQ.INVALID_PARAMETER', '参数无效');
    const productCode = PAGE_PRODUCTS[method] ?? 'FACE_TO_FACE_PAYMENT';
    if (PAGE_PRODUCTS[method] && biz.product_code !== productCode)
      return failure('ACQ.INVALID_PARAMETER', 'product_code 不匹配');
    const existing = trades.get(outTradeNo);
    if (existing)
      return existing.totalAmount === totalAmount && existing.status === 'WAIT_BUYER_PAY'
        ? existing
        : failure('ACQ.TRADE_HAS_SUCCESS', '交易已被支付');
    const trade: AlipayTrade = {
      tradeNo: `2026112222001${String(++serial).padStart(15, '0')}`,
      outTradeNo,
      subject: biz.subject,
      totalAmount,
      productCode,
      notifyUrl: params.notify_url,
      status: 'WAIT_BUYER_PAY',
      refundedFen: 0,
      refunds: new Map(),
      qrToken: method === 'alipay.trade.precreate' ? `bax${String(serial).padStart(8, '0')}x` : null,
      gmtCreate: beijingNow(),
      gmtPayment: null,
    };
    trades.set(outTradeNo, trade);
    return trade;
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const body = request.method === 'POST' ? await readBody(request) : '';
    const params = {
      ...Object.fromEntries(url.searchParams),
      ...Object.fromEntries(new URLSearchParams(body)),
    };
    const method = params.method ?? '';
    received.push({ method, params });
    if (url.pathname !== '/gateway.do') {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    const isPage = Boolean(PAGE_PRODUCTS[method]);
    const refuse = (subCode: string, subMsg: string) => {
      if (!isPage)
        return answer(
          response,
          method,
          { code: '40002', msg: 'Invalid Arguments', sub_code: subCode, sub_msg: subMsg },
          false,
        );
      response.writeHead(400, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<h1>支付宝</h1><p>${subCode} ${subMsg}</p>`);
    };
    if (params.app_id !== appId) return refuse('isv.invalid-app-id', '无效的AppID参数');
    if (params.sign_type !== 'RSA2' || params.charset !== 'utf-8' || params.version !== '1.0')
      return refuse('isv.invalid-parameter', '公共参数错误');
    if (!gatewaySdk.checkNotifySignV2(params)) return refuse('isv.invalid-signature', '验签出错');
    let biz: Record<string, unknown>;
    try {
      biz = JSON.parse(params.biz_content ?? '') as Record<string, unknown>;
    } catch {
      return refuse('isv.invalid-parameter', 'biz_content 无效');
    }

    if (isPage) {
      // The buyer's browser arrives at the cashier: that opens the trade at Alipay.
      const trade = openTrade(method, params, biz);
      if (!('tradeNo' in trade)) return refuse(trade.sub_code, trade.sub_msg);
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(`<h1>支付宝收银台</h1><p>${trade.subject} ¥${trade.totalAmount}</p>`);
      return;
    }
    const trade = typeof biz.out_trade_no === 'string' ? trades.get(biz.out_trade_no) : undefined;
    switch (method) {
      case 'alipay.trade.precreate': {
        const opened = openTrade(method, params, biz);
        if (!('tradeNo' in opened)) return answer(response, method, opened);
        return answer(response, method, {
          code: '10000',
          msg: 'Success',
          out_trade_no: opened.outTradeNo,
          qr_code: `https://qr.alipay.com/${opened.qrToken}`,
        });
      }
      case 'alipay.trade.query':
        if (!trade) return answer(response, method, failure('ACQ.TRADE_NOT_EXIST', '交易不存在'));
        return answer(response, method, {
          code: '10000',
          msg: 'Success',
          buyer_logon_id: 'buy***@example.com',
          buyer_pay_amount: trade.status === 'WAIT_BUYER_PAY' ? '0.00' : trade.totalAmount,
          out_trade_no: trade.outTradeNo,
          ...(trade.gmtPayment ? { send_pay_date: trade.gmtPayment } : {}),
          total_amount: trade.totalAmount,
          trade_no: trade.tradeNo,
          trade_status: trade.status,
        });
      case 'alipay.trade.refund': {
        if (refundsFail)
          return answer(response, method, failure('ACQ.SELLER_BALANCE_NOT_ENOUGH', '卖家余额不足'));
        if (!trade) return answer(response, method, failure('ACQ.TRADE_NOT_EXIST', '交易不存在'));
        const requestNo = typeof biz.out_request_no === 'string' ? biz.out_request_no : trade.outTradeNo;
        const amount = fen(typeof biz.refund_amount === 'string' ? biz.refund_amount : '');
        const refunded = (fundChange: 'Y' | 'N') =>
          answer(response, method, {
            code: '10000',
            msg: 'Success',
            buyer_logon_id: 'buy***@example.com',
            fund_change: fundChange,
            gmt_refund_pay: beijingNow(),
            out_trade_no: trade.outTradeNo,
            refund_fee: yuan(trade.refundedFen),
            trade_no: trade.tradeNo,
          });
        // The same request number again: already done, no money moves twice.
        if (trade.refunds.has(requestNo)) return refunded('N');
        if (trade.status === 'WAIT_BUYER_PAY')
          return answer(response, method, failure('ACQ.TRADE_STATUS_ERROR', '交易状态不合法'));
        const total = fen(trade.totalAmount)!;
        if (
          amount === null ||
          amount <= 0 ||
          trade.refundedFen + amount > total ||
          trade.status !== 'TRADE_SUCCESS'
        )
          return answer(response, method, failure('ACQ.REFUND_AMT_NOT_EQUAL_TOTAL', '退款金额超限'));
        trade.refunds.set(requestNo, amount);
        trade.refundedFen += amount;
        // A trade refunded in full is closed (Alipay then answers queries with TRADE_CLOSED).
        if (trade.refundedFen === total) trade.status = 'TRADE_CLOSED';
        return refunded('Y');
      }
      case 'alipay.trade.fastpay.refund.query': {
        if (!trade) return answer(response, method, failure('ACQ.TRADE_NOT_EXIST', '交易不存在'));
        const requestNo = typeof biz.out_request_no === 'string' ? biz.out_request_no : '';
        const amount = trade.refunds.get(requestNo);
        // No refund under that number: Alipay answers success without refund_status.
        return answer(response, method, {
          code: '10000',
          msg: 'Success',
          out_request_no: requestNo,
          out_trade_no: trade.outTradeNo,
          total_amount: trade.totalAmount,
          trade_no: trade.tradeNo,
          ...(amount === undefined ? {} : { refund_amount: yuan(amount), refund_status: 'REFUND_SUCCESS' }),
        });
      }
      default:
        return answer(
          response,
          method,
          {
            code: '40004',
            msg: 'Business Failed',
            sub_code: 'isv.invalid-method',
            sub_msg: '不存在的方法名',
          },
          false,
        );
    }
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const gateway = `http://127.0.0.1:${(server.address() as AddressInfo).port}/gateway.do`;
  const merchantSdk = new AlipaySdk({
    appId,
    privateKey: app.privateKey,
    keyType: 'PKCS8',
    alipayPublicKey: alipay.publicKey,
    gateway,
  });

  const tradeOf = (simulated: { outTradeNo: string }): AlipayTrade => {
    const trade = trades.get(simulated.outTradeNo);
    if (!trade) throw new Error(`the gateway has no trade ${simulated.outTradeNo}`);
    return trade;
  };
  const simulated = (trade: AlipayTrade): SimulatedTrade => ({
    tradeNo: trade.tradeNo,
    outTradeNo: trade.outTradeNo,
    amount: fen(trade.totalAmount)!,
    notifyUrl: trade.notifyUrl,
  });

  return {
    kind: 'alipay',
    gateway,
    appId,
    appPrivateKey: app.privateKey,
    appPublicKey: app.publicKey,
    alipayPublicKey: alipay.publicKey,
    merchantSdk,
    received,
    settings: { gateway, appId, alipayPublicKey: alipay.publicKey, product: options.product ?? 'page' },
    credentials: { appPrivateKey: app.privateKey },
    acknowledgement: { status: 200, body: 'success' },
    // Domestic trades are in yuan and their notifications name no currency.
    carriesCurrency: false,
    trade: (outTradeNo) => trades.get(outTradeNo),
    setAnswersForged: (forged) => {
      answersForged = forged;
    },

    async tradeFor(redirectUrl) {
      const shown = new URL(redirectUrl, 'https://shop.example.com');
      // 当面付: Kameng's QR page shows Alipay's qr_code.
      const url =
        shown.pathname === '/pay/qr' && shown.searchParams.get('app') === 'alipay'
          ? new URL(shown.searchParams.get('code') ?? '')
          : shown;
      if (url.hostname === 'qr.alipay.com') {
        const trade = [...trades.values()].find((t) => url.pathname === `/${t.qrToken}`);
        if (!trade) throw new Error(`not a QR code of this gateway: ${redirectUrl}`);
        return simulated(trade);
      }
      const page = await fetch(redirectUrl);
      if (page.status !== 200) throw new Error(`the cashier refused the order: ${await page.text()}`);
      const biz = JSON.parse(url.searchParams.get('biz_content') ?? '{}') as { out_trade_no?: string };
      return simulated(tradeOf({ outTradeNo: biz.out_trade_no ?? '' }));
    },

    markPaid(trade) {
      const record = tradeOf(trade);
      record.status = 'TRADE_SUCCESS';
      record.gmtPayment = beijingNow();
      return Promise.resolve();
    },

    notification(trade, notice: NotificationOptions = {}): Promise<NotificationRequest> {
      const record = tradeOf(trade);
      if (notice.currency !== undefined) throw new Error('domestic Alipay notifications carry no currency');
      const amount = notice.amount === undefined ? record.totalAmount : yuan(notice.amount);
      const paid = (notice.status ?? 'paid') === 'paid';
      const params: Record<string, string> = {
        gmt_create: record.gmtCreate,
        charset: 'utf-8',
        seller_email: 'shop***@example.com',
        subject: record.subject,
        buyer_id: '2088102177846880',
        invoice_amount: amount,
        notify_id: `2026112200222${String(++serial).padStart(10, '0')}`,
        fund_bill_list: JSON.stringify([{ amount, fundChannel: 'ALIPAYACCOUNT' }]),
        notify_type: 'trade_status_sync',
        trade_status: paid ? 'TRADE_SUCCESS' : 'TRADE_CLOSED',
        receipt_amount: amount,
        buyer_pay_amount: amount,
        app_id: appId,
        notify_time: beijingNow(),
        point_amount: '0.00',
        total_amount: amount,
        seller_id: '2088102177649450',
        trade_no: notice.tradeNo ?? record.tradeNo,
        auth_app_id: appId,
        buyer_logon_id: 'buy***@example.com',
        out_trade_no: notice.outTradeNo ?? record.outTradeNo,
        version: '1.0',
        ...(paid ? { gmt_payment: record.gmtPayment ?? beijingNow() } : { gmt_close: beijingNow() }),
      };
      // Alipay signs every field but `sign` and `sign_type`, sorted, values raw.
      const content = Object.keys(params)
        .sort()
        .map((name) => `${name}=${params[name]}`)
        .join('&');
      let sign = createSign('RSA-SHA256').update(content, 'utf8').sign(alipay.privateKey, 'base64');
      if (notice.forgeSignature) {
        const bytes = Buffer.from(sign, 'base64');
        bytes[bytes.length - 1]! ^= 0x01;
        sign = bytes.toString('base64');
      }
      const signed = { ...params, sign, sign_type: 'RSA2' };
      if (!notice.forgeSignature && !merchantSdk.checkNotifySignV2(signed))
        throw new Error('alipay-sdk refuses the notification the simulator wrote');
      return Promise.resolve({
        method: 'POST',
        url: record.notifyUrl,
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
        body: new URLSearchParams(signed).toString(),
      });
    },

    setRefundsFailing(failing) {
      refundsFail = failing;
      return Promise.resolve();
    },

    refundedAmount(trade) {
      return Promise.resolve(tradeOf(trade).refundedFen);
    },

    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Kameng's fetch keeps connections alive; they would hold the server open.
        server.closeAllConnections();
      }),
  };
}
