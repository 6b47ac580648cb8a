import { createHash } from 'node:crypto';
import { readBody } from './http.js';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  NotificationOptions,
  NotificationRequest,
  ProviderSimulator,
  SimulatedTrade,
} from '../provider-conformance.js';

/**
 * A 易支付 (epay) gateway on 127.0.0.1, speaking the protocol as 彩虹易支付 and its forks do: `submit.php`
 * (page pay) and `mapi.php` (API pay) open a trade per `out_trade_no`; `api.php?act=order` and
 * `api.php?act=refund` authenticate with the merchant key; notifications are signed with MD5 over the
 * sorted parameters plus the key. There is no official epay SDK on npm, so the signing below is written
 * from the protocol, independently of Kameng's adapter (payments/epay/), and each checks the other.
 */
export interface EpaySimulator extends ProviderSimulator {
  readonly gateway: string;
  readonly pid: string;
  readonly key: string;
  /** Every request the gateway received: path, `act`, and the parameters (the key among them). */
  readonly received: ReadonlyArray<{ path: string; act: string | null; params: Record<string, string> }>;
  trade(outTradeNo: string): EpayTrade | undefined;
}

export interface EpayTrade {
  tradeNo: string;
  outTradeNo: string;
  type: string;
  name: string;
  /** As the merchant sent it: yuan with two decimals. */
  money: string;
  notifyUrl: string;
  returnUrl: string;
  /** 0 unpaid, 1 paid, 2 refunded in full. */
  status: 0 | 1 | 2;
  refundedFen: number;
  addtime: string;
  endtime: string | null;
}

/** MD5 of `a=1&b=2` + key over the non-empty parameters but `sign` and `sign_type`, sorted by name. */
function md5Sign(params: Record<string, string>, key: string): string {
  const names = Object.keys(params)
    .filter((name) => name !== 'sign' && name !== 'sign_type' && params[name] !== '')
    .sort();
  const text = names.map((name) => `${name}=${params[name]}`).join('&');
  return createHash('md5').update(`${text}${key}`, 'utf8').digest('hex');
}

/** Yuan to 分 by string operations: the simulator must not round either. */
function fen(money: string): number | null {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(money);
  return match ? Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0')) : null;
}

function yuan(amount: number): string {
  return `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}`;
}

export async function startEpaySimulator(
  options: { mode?: 'submit' | 'mapi'; notifyBy?: 'GET' | 'POST'; type?: string } = {},
): Promise<EpaySimulator> {
  const pid = '1024';
  const key = 'Zk8mQ2rW5tY7uI9oP3aS6dF1gH4jL0xC';
  const trades = new Map<string, EpayTrade>();
  const received: Array<{ path: string; act: string | null; params: Record<string, string> }> = [];
  let serial = 0;
  let refundsFail = false;
  const now = () => new Date().toISOString().replace('T', ' ').slice(0, 19);

  const json = (response: ServerResponse, body: unknown) => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(JSON.stringify(body));
  };

  /** submit.php and mapi.php: a signed order from the merchant opens (or reopens) its trade. */
  const openTrade = (params: Record<string, string>): EpayTrade | string => {
    if (params.pid !== pid) return '商户不存在';
    if (params.sign !== md5Sign(params, key)) return '签名校验失败';
    const amount = fen(params.money ?? '');
    if (!params.out_trade_no || !params.notify_url || !params.name || amount === null || amount <= 0)
      return '参数不完整';
    const existing = trades.get(params.out_trade_no);
    if (existing) return existing.money === params.money ? existing : '订单号已存在';
    const trade: EpayTrade = {
      tradeNo: `2026112208${String(++serial).padStart(8, '0')}`,
      outTradeNo: params.out_trade_no,
      type: params.type ?? 'alipay',
      name: params.name,
      money: params.money!,
      notifyUrl: params.notify_url,
      returnUrl: params.return_url ?? '',
      status: 0,
      refundedFen: 0,
      addtime: now(),
      endtime: null,
    };
    trades.set(trade.outTradeNo, trade);
    return trade;
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const body = request.method === 'POST' ? await readBody(request) : '';
      const params = {
        ...Object.fromEntries(url.searchParams),
        ...Object.fromEntries(new URLSearchParams(body)),
      };
      const act = url.searchParams.get('act');
      received.push({ path: url.pathname, act, params });

      if (url.pathname === '/submit.php') {
        const trade = openTrade(params);
        response.writeHead(typeof trade === 'string' ? 400 : 200, {
          'content-type': 'text/html; charset=utf-8',
        });
        response.end(
          typeof trade === 'string'
            ? `<p>${trade}</p>`
            : `<h1>收银台</h1><p>${trade.name} ¥${trade.money}</p><p>${trade.tradeNo}</p>`,
        );
        return;
      }
      if (url.pathname === '/mapi.php' && request.method === 'POST') {
        if (!params.type) return json(response, { code: -1, msg: '支付方式(type)不能为空' });
        const trade = openTrade(params);
        if (typeof trade === 'string') return json(response, { code: -1, msg: trade });
        return json(response, {
          code: 1,
          msg: '下单成功',
          trade_no: trade.tradeNo,
          payurl: `${gateway}/pay/${trade.tradeNo}`,
        });
      }
      if (url.pathname === '/api.php') {
        if (params.pid !== pid || params.key !== key) return json(response, { code: -3, msg: 'KEY校验失败' });
        const trade =
          (params.out_trade_no ? trades.get(params.out_trade_no) : undefined) ??
          [...trades.values()].find((t) => t.tradeNo === params.trade_no);
        if (act === 'order') {
          if (!trade) return json(response, { code: -1, msg: '订单号不存在' });
          return json(response, {
            code: 1,
            msg: '查询订单号成功！',
            trade_no: trade.tradeNo,
            out_trade_no: trade.outTradeNo,
            api_trade_no: '',
            type: trade.type,
            pid: Number(pid),
            addtime: trade.addtime,
            endtime: trade.endtime,
            name: trade.name,
            money: trade.money,
            status: trade.status,
            param: '',
            buyer: '',
          });
        }
        if (act === 'refund' && request.method === 'POST') {
          if (refundsFail) return json(response, { code: -1, msg: '商户余额不足，无法退款' });
          if (!trade || trade.status !== 1) return json(response, { code: -1, msg: '该订单状态不支持退款' });
          const amount = fen(params.money ?? '');
          const total = fen(trade.money)!;
          if (amount === null || amount <= 0 || trade.refundedFen + amount > total)
            return json(response, { code: -1, msg: '退款金额不正确' });
          trade.refundedFen += amount;
          if (trade.refundedFen === total) trade.status = 2;
          return json(response, { code: 1, msg: '退款成功！' });
        }
      }
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    })().catch((error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const gateway = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const tradeOf = (simulated: SimulatedTrade): EpayTrade => {
    const trade = trades.get(simulated.outTradeNo);
    if (!trade) throw new Error(`the gateway has no trade ${simulated.outTradeNo}`);
    return trade;
  };
  const simulated = (trade: EpayTrade): SimulatedTrade => ({
    tradeNo: trade.tradeNo,
    outTradeNo: trade.outTradeNo,
    amount: fen(trade.money)!,
    notifyUrl: trade.notifyUrl,
  });

  return {
    kind: 'epay',
    gateway,
    pid,
    key,
    received,
    settings: {
      gateway,
      pid,
      mode: options.mode ?? 'submit',
      ...(options.type ? { type: options.type } : {}),
    },
    credentials: { key },
    acknowledgement: { status: 200, body: 'success' },
    carriesCurrency: false,
    trade: (outTradeNo) => trades.get(outTradeNo),

    async tradeFor(redirectUrl) {
      const url = new URL(redirectUrl);
      if (url.pathname === '/submit.php') {
        // The buyer's browser opens the cashier: that is what opens the trade at the gateway.
        const page = await fetch(redirectUrl);
        if (page.status !== 200) throw new Error(`submit.php refused the order: ${await page.text()}`);
        return simulated(
          tradeOf({ outTradeNo: url.searchParams.get('out_trade_no') ?? '' } as SimulatedTrade),
        );
      }
      const tradeNo = /^\/pay\/(\d+)$/.exec(url.pathname)?.[1];
      const trade = [...trades.values()].find((t) => t.tradeNo === tradeNo);
      if (!trade) throw new Error(`not a checkout page of this gateway: ${redirectUrl}`);
      return simulated(trade);
    },

    markPaid(trade) {
      const record = tradeOf(trade);
      record.status = 1;
      record.endtime = now();
      return Promise.resolve();
    },

    notification(trade, notice: NotificationOptions = {}): Promise<NotificationRequest> {
      const record = tradeOf(trade);
      const params: Record<string, string> = {
        pid,
        trade_no: notice.tradeNo ?? record.tradeNo,
        out_trade_no: notice.outTradeNo ?? record.outTradeNo,
        type: record.type,
        name: record.name,
        money: notice.amount === undefined ? record.money : yuan(notice.amount),
        trade_status: (notice.status ?? 'paid') === 'paid' ? 'TRADE_SUCCESS' : 'TRADE_CLOSED',
        param: '',
      };
      if (notice.currency !== undefined) throw new Error('epay notifications carry no currency');
      let sign = md5Sign(params, key);
      if (notice.forgeSignature) sign = `${sign.slice(0, -1)}${sign.endsWith('0') ? '1' : '0'}`;
      const signed = new URLSearchParams({ ...params, sign, sign_type: 'MD5' }).toString();
      // The gateway notifies by GET as 彩虹易支付 does; some forks POST the same fields as a form.
      const request: NotificationRequest =
        (options.notifyBy ?? 'GET') === 'GET'
          ? { method: 'GET', url: `${record.notifyUrl}?${signed}`, headers: {}, body: null }
          : {
              method: 'POST',
              url: record.notifyUrl,
              headers: { 'content-type': 'application/x-www-form-urlencoded' },
              body: signed,
            };
      return Promise.resolve(request);
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
