import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { readBody } from './http.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';
import { Aes, Formatter, Rsa } from 'wechatpay-axios-plugin';
import type {
  NotificationOptions,
  NotificationRequest,
  ProviderSimulator,
  SimulatedTrade,
} from '../provider-conformance.js';
import type { TestApp } from '../test-app.js';

/**
 * WeChat Pay API v3 (直连商户) on 127.0.0.1: Native and H5 ordering, the order query, refunds and the refund
 * query, over in-memory trades. Signing is done by `wechatpay-axios-plugin` (an SDK we did not write),
 * never by Kameng's adapter (payments/wechatpay/): each request's `Authorization` is verified with the
 * merchant's public key (`Rsa.verify` over `Formatter.request`; a bad or missing one is a 401
 * `SIGN_ERROR`, as WeChat answers), every answer is signed with the platform key (`Rsa.sign` over
 * `Formatter.response`) in the four `Wechatpay-*` headers, and notifications carry the transaction
 * encrypted with the APIv3 key (`Aes.AesGcm`). Times are the test app's clock, the one both sides share.
 *
 * Keys are made at start: the merchant's RSA pair and its certificate (商户API证书), and either a
 * self-signed platform certificate (平台证书, by node-forge) or a WeChat Pay public key with its id
 * (微信支付公钥, `PUB_KEY_ID_…`).
 *
 * WeChat Pay notifies only successful payments (`TRANSACTION.SUCCESS`). Asked for a "closed" notification
 * (the conformance suite's out-of-order case), the simulator writes the same encrypted transaction with
 * `trade_state: CLOSED` under `TRANSACTION.CLOSED`: Kameng reads the decrypted state, not the event name.
 */
type Json = Record<string, unknown>;

export type RefundStatus = 'SUCCESS' | 'PROCESSING' | 'ABNORMAL' | 'CLOSED';

export interface WechatpayTrade {
  outTradeNo: string;
  /** WeChat's trade number, fixed when the order is made and shown once it is paid. */
  transactionId: string;
  tradeType: 'NATIVE' | 'MWEB';
  description: string;
  total: number;
  notifyUrl: string;
  timeExpire: string;
  /** What Kameng sent to create it (H5: `scene_info`). */
  request: Json;
  codeUrl: string | null;
  prepayId: string;
  state: 'NOTPAY' | 'SUCCESS' | 'REFUND' | 'CLOSED';
  successTime: string | null;
  refunds: Map<string, Json>;
}

export interface WechatNotificationOptions extends NotificationOptions {
  /** Signed at this time instead of the app clock's now. */
  timestamp?: Date;
  /** The `Wechatpay-Serial` header names this key instead. */
  serial?: string;
  /** A bit of the ciphertext (its GCM tag) flipped before signing: decrypts to nothing. */
  tamperCiphertext?: boolean;
  mchid?: string;
  appid?: string;
  eventType?: string;
  tradeState?: string;
}

export interface WechatpaySimulator extends ProviderSimulator {
  readonly apiBase: string;
  readonly mchid: string;
  readonly appid: string;
  readonly apiV3Key: string;
  readonly merchantSerialNo: string;
  /** 商户API私钥 (PKCS#8 PEM) and 商户API证书 (PEM). */
  readonly merchantPrivateKey: string;
  readonly merchantCertificate: string;
  /** How WeChat Pay signs here: the platform certificate's serial or the public key's id. */
  readonly platformSerial: string;
  /** 平台证书 (certificate mode) or null. */
  readonly platformCertificate: string | null;
  /** 微信支付公钥 (public-key mode) or null. */
  readonly wechatpayPublicKey: string | null;
  /** Every request Kameng made: method, path with query, headers and body as received. */
  readonly received: ReadonlyArray<{
    method: string;
    path: string;
    headers: IncomingMessage['headers'];
    body: string;
  }>;
  trade(outTradeNo: string): WechatpayTrade | undefined;
  /** While true, every answer's signature is spoiled (someone between Kameng and WeChat wrote it). */
  setAnswersForged(forged: boolean): void;
  /** The state new refunds end in (default SUCCESS). */
  setRefundStatus(status: RefundStatus): void;
  /** Changes a refund's state, as WeChat does when a PROCESSING or ABNORMAL refund is settled. */
  settleRefund(outRefundNo: string, status: RefundStatus): void;
  notification(trade: SimulatedTrade, options?: WechatNotificationOptions): Promise<NotificationRequest>;
  /** Any event body, signed as WeChat Pay signs notifications. */
  signedEvent(body: string, options?: { timestamp?: Date; serial?: string }): Promise<NotificationRequest>;
}

const SIGNATURE_TOLERANCE_SECONDS = 300;

/** A throwaway RSA-2048 pair, PEM (PKCS#8 and SPKI), as WeChat's certificate tool makes them. */
function rsaKeyPair(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

/** A certificate serial as WeChat writes them: 40 upper-case hex digits (positive: first digit < 8). */
function certificateSerial(): string {
  return `${(randomBytes(1)[0]! % 7) + 1}${randomBytes(20).toString('hex').slice(1)}`.toUpperCase();
}

/**
 * A self-signed certificate for `keys`, valid a year before and ten years after `around`. ASCII names
 * only: node-forge writes its strings as bytes, and a non-ASCII one would not parse.
 */
function certificate(
  keys: { privateKey: string; publicKey: string },
  serial: string,
  commonName: string,
  around: Date,
  validity: { notBefore: Date; notAfter: Date } = {
    notBefore: new Date(around.getTime() - 365 * 86_400_000),
    notAfter: new Date(around.getTime() + 10 * 365 * 86_400_000),
  },
): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(keys.publicKey);
  cert.serialNumber = serial.toLowerCase();
  cert.validity.notBefore = validity.notBefore;
  cert.validity.notAfter = validity.notAfter;
  const subject = [
    { name: 'countryName', value: 'CN' },
    { name: 'organizationName', value: 'Tenpay.com' },
    { shortName: 'OU', value: 'Tenpay.com CA Center' },
    { name: 'commonName', value: commonName },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(forge.pki.privateKeyFromPem(keys.privateKey), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** A platform certificate of a fresh key that expired the day before `now` (a rotation left behind). */
export function expiredPlatformCertificate(now: Date): string {
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return certificate(keys, '5157F09EFDC096DE15EBE81A47057A72', 'Tenpay.com Root CA', now, {
    notBefore: new Date(now.getTime() - 5 * 365 * 86_400_000),
    notAfter: new Date(now.getTime() - 86_400_000),
  });
}

/** RFC 3339 in Beijing time, as WeChat writes its times. */
function beijing(at: Date): string {
  return `${new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}

const AUTHORIZATION =
  /^WECHATPAY2-SHA256-RSA2048 (?:(?:mchid|nonce_str|signature|timestamp|serial_no)="[^"]*",?)+$/;

function authorizationFields(header: string | undefined): Record<string, string> | null {
  if (!header || !AUTHORIZATION.test(header)) return null;
  return Object.fromEntries([...header.matchAll(/(\w+)="([^"]*)"/g)].map((match) => [match[1]!, match[2]!]));
}

export async function startWechatpaySimulator(
  app: TestApp,
  options: { product?: 'native' | 'h5'; keyMode?: 'certificate' | 'publicKey' } = {},
): Promise<WechatpaySimulator> {
  const mchid = '1900009191';
  const appid = 'wxd930ea5d5a258f4f';
  const apiV3Key = randomBytes(24).toString('base64').replace(/[+/=]/g, 'K').slice(0, 32);
  const merchant = rsaKeyPair();
  const merchantSerialNo = certificateSerial();
  const merchantCertificate = certificate(merchant, merchantSerialNo, mchid, app.clock.now());
  const platform = rsaKeyPair();
  const keyMode = options.keyMode ?? 'certificate';
  const platformSerial =
    keyMode === 'certificate'
      ? certificateSerial()
      : `PUB_KEY_ID_0119000091912026112200000000${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;
  const platformCertificate =
    keyMode === 'certificate'
      ? certificate(platform, platformSerial, 'Tenpay.com Root CA', app.clock.now())
      : null;
  const merchantPublicKey = createPublicKey(merchant.privateKey);

  const trades = new Map<string, WechatpayTrade>();
  const received: Array<{ method: string; path: string; headers: IncomingMessage['headers']; body: string }> =
    [];
  let serial = 0;
  let refundsFail = false;
  let refundStatus: RefundStatus = 'SUCCESS';
  let answersForged = false;
  const seconds = (at = app.clock.now()) => Math.floor(at.getTime() / 1000);

  /** The four headers WeChat Pay signs a body with, by the SDK. */
  const signatureHeaders = (
    body: string,
    at = app.clock.now(),
    serialNo = platformSerial,
    forged = false,
  ) => {
    const timestamp = String(seconds(at));
    const nonce = Formatter.nonce(32);
    let signature = Rsa.sign(Formatter.response(timestamp, nonce, body), platform.privateKey);
    if (forged) {
      const bytes = Buffer.from(signature, 'base64');
      bytes[bytes.length - 1]! ^= 0x01;
      signature = bytes.toString('base64');
    }
    return {
      'wechatpay-timestamp': timestamp,
      'wechatpay-nonce': nonce,
      'wechatpay-signature': signature,
      'wechatpay-serial': serialNo,
      'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
    };
  };

  const send = (response: ServerResponse, status: number, body: Json | null) => {
    const text = body === null ? '' : JSON.stringify(body);
    response.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'request-id': randomUUID(),
      ...signatureHeaders(text, app.clock.now(), platformSerial, answersForged),
    });
    response.end(text);
  };
  const error = (response: ServerResponse, status: number, code: string, message: string) =>
    send(response, status, { code, message });

  /** The transaction as the query answers it and notifications carry it. */
  const transactionOf = (trade: WechatpayTrade): Json => {
    const paid = trade.state === 'SUCCESS' || trade.state === 'REFUND';
    return {
      appid,
      mchid,
      out_trade_no: trade.outTradeNo,
      ...(paid ? { transaction_id: trade.transactionId } : {}),
      trade_type: trade.tradeType,
      trade_state: trade.state,
      trade_state_desc: { NOTPAY: '未支付', SUCCESS: '支付成功', REFUND: '转入退款', CLOSED: '已关闭' }[
        trade.state
      ],
      bank_type: paid ? 'OTHERS' : '',
      attach: '',
      ...(paid ? { success_time: trade.successTime, payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' } } : {}),
      amount: {
        total: trade.total,
        ...(paid ? { payer_total: trade.total } : {}),
        currency: 'CNY',
        payer_currency: 'CNY',
      },
    };
  };

  const refundedOf = (trade: WechatpayTrade) =>
    [...trade.refunds.values()]
      .filter((refund) => refund.status === 'SUCCESS' || refund.status === 'PROCESSING')
      .reduce((sum, refund) => sum + Number((refund.amount as Json).refund), 0);

  const createOrder = (response: ServerResponse, tradeType: 'NATIVE' | 'MWEB', body: Json) => {
    const amount = (body.amount ?? {}) as Json;
    const scene = (body.scene_info ?? {}) as Json;
    const outTradeNo = typeof body.out_trade_no === 'string' ? body.out_trade_no : '';
    if (body.appid !== appid || body.mchid !== mchid)
      return error(response, 400, 'PARAM_ERROR', 'appid和mch_id不匹配');
    if (
      !/^[0-9A-Za-z_\-|*]{6,32}$/.test(outTradeNo) ||
      typeof body.description !== 'string' ||
      body.description === '' ||
      Buffer.byteLength(body.description) > 127 ||
      typeof body.notify_url !== 'string' ||
      !/^https:\/\/[^?#]+$/.test(body.notify_url) ||
      typeof body.time_expire !== 'string' ||
      Number.isNaN(Date.parse(body.time_expire)) ||
      !Number.isSafeInteger(amount.total) ||
      (amount.total as number) < 1 ||
      amount.currency !== 'CNY'
    )
      return error(response, 400, 'PARAM_ERROR', '参数错误');
    if (
      tradeType === 'MWEB' &&
      (typeof scene.payer_client_ip !== 'string' ||
        typeof (scene.h5_info as Json | undefined)?.type !== 'string')
    )
      return error(response, 400, 'PARAM_ERROR', '缺少参数 scene_info');
    const existing = trades.get(outTradeNo);
    if (existing) {
      if (existing.state !== 'NOTPAY') return error(response, 403, 'ORDERPAID', '该订单已支付');
      if (existing.total !== amount.total || existing.tradeType !== tradeType)
        return error(response, 400, 'INVALID_REQUEST', '201 商户订单号重复');
      return send(response, 200, answerFor(existing));
    }
    serial++;
    const trade: WechatpayTrade = {
      outTradeNo,
      transactionId: `42000020262026112${String(serial).padStart(11, '0')}`,
      tradeType,
      description: body.description,
      total: amount.total as number,
      notifyUrl: body.notify_url,
      timeExpire: body.time_expire,
      request: body,
      codeUrl:
        tradeType === 'NATIVE' ? `weixin://wxpay/bizpayurl?pr=${randomBytes(6).toString('hex')}` : null,
      prepayId: `wx${Date.now()}${String(serial).padStart(8, '0')}`,
      state: 'NOTPAY',
      successTime: null,
      refunds: new Map(),
    };
    trades.set(outTradeNo, trade);
    return send(response, 200, answerFor(trade));
  };
  const answerFor = (trade: WechatpayTrade): Json =>
    trade.codeUrl
      ? { code_url: trade.codeUrl }
      : {
          h5_url: `https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=${trade.prepayId}&package=${String(serial).padStart(10, '0')}`,
        };

  const createRefund = (response: ServerResponse, body: Json) => {
    if (refundsFail) return error(response, 403, 'NOT_ENOUGH', '基本账户余额不足，请充值后重新发起');
    const amount = (body.amount ?? {}) as Json;
    const outRefundNo = typeof body.out_refund_no === 'string' ? body.out_refund_no : '';
    const trade = typeof body.out_trade_no === 'string' ? trades.get(body.out_trade_no) : undefined;
    if (!trade) return error(response, 404, 'RESOURCE_NOT_EXISTS', '订单不存在');
    if (!/^[0-9A-Za-z_\-|*@]{1,64}$/.test(outRefundNo))
      return error(response, 400, 'PARAM_ERROR', '参数错误');
    // The same refund number again: the same refund, no money moves twice.
    const existing = trade.refunds.get(outRefundNo);
    if (existing) return send(response, 200, existing);
    if (trade.state !== 'SUCCESS' && trade.state !== 'REFUND')
      return error(response, 400, 'INVALID_REQUEST', '订单未支付');
    if (amount.total !== trade.total || amount.currency !== 'CNY')
      return error(response, 400, 'PARAM_ERROR', '订单金额或币种与原订单不一致');
    const refund = amount.refund;
    if (
      !Number.isSafeInteger(refund) ||
      (refund as number) < 1 ||
      refundedOf(trade) + (refund as number) > trade.total
    )
      return error(response, 400, 'INVALID_REQUEST', '申请退款金额超过订单可退金额');
    const record: Json = {
      refund_id: `503010${String(++serial).padStart(23, '0')}`,
      out_refund_no: outRefundNo,
      transaction_id: trade.transactionId,
      out_trade_no: trade.outTradeNo,
      channel: 'ORIGINAL',
      user_received_account: '支付用户零钱',
      create_time: beijing(app.clock.now()),
      ...(refundStatus === 'SUCCESS' ? { success_time: beijing(app.clock.now()) } : {}),
      status: refundStatus,
      funds_account: 'AVAILABLE',
      amount: {
        total: trade.total,
        refund,
        payer_total: trade.total,
        payer_refund: refund,
        settlement_total: trade.total,
        settlement_refund: refund,
        discount_refund: 0,
        currency: 'CNY',
        refund_fee: 0,
      },
    };
    trade.refunds.set(outRefundNo, record);
    trade.state = 'REFUND';
    return send(response, 200, record);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    const url = new URL(path, 'http://127.0.0.1');
    const method = request.method ?? 'GET';
    const body = method === 'POST' ? await readBody(request) : '';
    received.push({ method, path, headers: request.headers, body });

    // 签名验证: the merchant's signature over method, path with query, timestamp, nonce and body.
    const auth = authorizationFields(request.headers.authorization);
    const timestamp = Number(auth?.timestamp);
    if (
      !auth ||
      auth.mchid !== mchid ||
      auth.serial_no !== merchantSerialNo ||
      !Number.isSafeInteger(timestamp) ||
      Math.abs(seconds() - timestamp) > SIGNATURE_TOLERANCE_SECONDS ||
      !auth.nonce_str ||
      !Rsa.verify(
        Formatter.request(method, path, auth.timestamp!, auth.nonce_str, body),
        auth.signature ?? '',
        merchantPublicKey,
      )
    )
      return error(response, 401, 'SIGN_ERROR', '签名错误');
    if (!request.headers['user-agent']) return error(response, 400, 'PARAM_ERROR', '缺少 User-Agent');

    let json: Json = {};
    if (method === 'POST') {
      try {
        json = JSON.parse(body) as Json;
      } catch {
        return error(response, 400, 'PARAM_ERROR', '请求体不是 JSON');
      }
    }
    if (method === 'POST' && url.pathname === '/v3/pay/transactions/native')
      return createOrder(response, 'NATIVE', json);
    if (method === 'POST' && url.pathname === '/v3/pay/transactions/h5')
      return createOrder(response, 'MWEB', json);
    const query = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && query) {
      if (url.searchParams.get('mchid') !== mchid) return error(response, 400, 'PARAM_ERROR', 'mchid 不匹配');
      const trade = trades.get(decodeURIComponent(query[1]!));
      if (!trade) return error(response, 404, 'ORDER_NOT_EXIST', '订单不存在');
      return send(response, 200, transactionOf(trade));
    }
    if (method === 'POST' && url.pathname === '/v3/refund/domestic/refunds')
      return createRefund(response, json);
    const refundQuery = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && refundQuery) {
      const number = decodeURIComponent(refundQuery[1]!);
      const refund = [...trades.values()].map((t) => t.refunds.get(number)).find(Boolean);
      return refund
        ? send(response, 200, refund)
        : error(response, 404, 'RESOURCE_NOT_EXISTS', '退款单不存在');
    }
    return error(response, 404, 'NOT_FOUND', `no such API: ${method} ${url.pathname}`);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((failure: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(failure));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const apiBase = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const tradeOf = (simulated: { outTradeNo: string }): WechatpayTrade => {
    const trade = trades.get(simulated.outTradeNo);
    if (!trade) throw new Error(`WeChat Pay has no order ${simulated.outTradeNo}`);
    return trade;
  };

  const notificationHeaders = (
    body: string,
    at: { timestamp?: Date; serial?: string; forged?: boolean } = {},
  ) => {
    const headers = signatureHeaders(body, at.timestamp, at.serial, at.forged);
    // What WeChat's own SDK would check on the merchant's side; a forged one is meant to fail it.
    const genuine = Rsa.verify(
      Formatter.response(headers['wechatpay-timestamp'], headers['wechatpay-nonce'], body),
      headers['wechatpay-signature'],
      platform.publicKey,
    );
    if (genuine === Boolean(at.forged)) throw new Error('the simulator signed a notification wrongly');
    return headers;
  };

  const settings: Record<string, unknown> = {
    apiBase,
    mchid,
    appid,
    merchantSerialNo,
    product: options.product ?? 'native',
    ...(platformCertificate
      ? { platformCertificates: platformCertificate }
      : { wechatpayPublicKey: platform.publicKey, wechatpayPublicKeyId: platformSerial }),
  };

  return {
    kind: 'wechatpay',
    apiBase,
    mchid,
    appid,
    apiV3Key,
    merchantSerialNo,
    merchantPrivateKey: merchant.privateKey,
    merchantCertificate,
    platformSerial,
    platformCertificate,
    wechatpayPublicKey: platformCertificate ? null : platform.publicKey,
    received,
    settings,
    credentials: { merchantPrivateKey: merchant.privateKey, apiV3Key },
    acknowledgement: { status: 204, body: '' },
    carriesCurrency: true,
    trade: (outTradeNo) => trades.get(outTradeNo),
    setAnswersForged: (forged) => {
      answersForged = forged;
    },
    setRefundStatus: (status) => {
      refundStatus = status;
    },
    settleRefund: (outRefundNo, status) => {
      const refund = [...trades.values()].map((t) => t.refunds.get(outRefundNo)).find(Boolean);
      if (!refund) throw new Error(`WeChat Pay has no refund ${outRefundNo}`);
      refund.status = status;
    },

    tradeFor(redirectUrl) {
      const url = new URL(redirectUrl, app.config.publicUrl ?? 'https://shop.example.com');
      const code =
        url.pathname === '/pay/qr' && url.searchParams.get('app') === 'wechat'
          ? url.searchParams.get('code')
          : null;
      const prepayId = url.hostname === 'wx.tenpay.com' ? url.searchParams.get('prepay_id') : null;
      const trade = [...trades.values()].find(
        (t) => (code !== null && t.codeUrl === code) || (prepayId !== null && t.prepayId === prepayId),
      );
      if (!trade) throw new Error(`not a WeChat Pay order of this simulator: ${redirectUrl}`);
      return Promise.resolve({
        tradeNo: trade.transactionId,
        outTradeNo: trade.outTradeNo,
        amount: trade.total,
        notifyUrl: trade.notifyUrl,
      });
    },

    markPaid(trade) {
      const record = tradeOf(trade);
      record.state = 'SUCCESS';
      record.successTime = beijing(app.clock.now());
      return Promise.resolve();
    },

    notification(trade, notice: WechatNotificationOptions = {}) {
      const record = tradeOf(trade);
      const paid = (notice.status ?? 'paid') === 'paid';
      const amount = notice.amount ?? record.total;
      const state = notice.tradeState ?? (paid ? 'SUCCESS' : 'CLOSED');
      const transaction = {
        ...transactionOf({
          ...record,
          state: paid ? 'SUCCESS' : 'CLOSED',
          successTime: record.successTime ?? beijing(app.clock.now()),
        }),
        mchid: notice.mchid ?? mchid,
        appid: notice.appid ?? appid,
        out_trade_no: notice.outTradeNo ?? record.outTradeNo,
        ...(paid || notice.tradeNo ? { transaction_id: notice.tradeNo ?? record.transactionId } : {}),
        trade_state: state,
        amount: {
          total: amount,
          ...(paid ? { payer_total: amount } : {}),
          currency: notice.currency ?? 'CNY',
          payer_currency: notice.currency ?? 'CNY',
        },
      };
      const nonce = Formatter.nonce(12);
      let ciphertext = Aes.AesGcm.encrypt(JSON.stringify(transaction), apiV3Key, nonce, 'transaction');
      if (notice.tamperCiphertext) {
        const bytes = Buffer.from(ciphertext, 'base64');
        bytes[bytes.length - 1]! ^= 0x01;
        ciphertext = bytes.toString('base64');
      }
      const body = JSON.stringify({
        id: randomUUID(),
        create_time: beijing(app.clock.now()),
        resource_type: 'encrypt-resource',
        event_type: notice.eventType ?? (paid ? 'TRANSACTION.SUCCESS' : 'TRANSACTION.CLOSED'),
        summary: paid ? '支付成功' : '订单已关闭',
        resource: {
          original_type: 'transaction',
          algorithm: 'AEAD_AES_256_GCM',
          ciphertext,
          associated_data: 'transaction',
          nonce,
        },
      });
      return Promise.resolve({
        method: 'POST' as const,
        url: record.notifyUrl,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Mozilla/4.0',
          ...notificationHeaders(body, {
            ...(notice.timestamp ? { timestamp: notice.timestamp } : {}),
            ...(notice.serial ? { serial: notice.serial } : {}),
            forged: Boolean(notice.forgeSignature),
          }),
        },
        body,
      });
    },

    signedEvent(body, at = {}) {
      const notifyUrl = [...trades.values()].at(-1)?.notifyUrl;
      if (!notifyUrl) throw new Error('no order yet: no notify_url to send to');
      return Promise.resolve({
        method: 'POST' as const,
        url: notifyUrl,
        headers: { 'content-type': 'application/json', ...notificationHeaders(body, at) },
        body,
      });
    },

    setRefundsFailing(failing) {
      refundsFail = failing;
      return Promise.resolve();
    },

    refundedAmount(trade) {
      return Promise.resolve(refundedOf(tradeOf(trade)));
    },

    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((failure) => (failure ? reject(failure) : resolve()));
        // Kameng's fetch keeps connections alive; they would hold the server open.
        server.closeAllConnections();
      }),
  };
}
