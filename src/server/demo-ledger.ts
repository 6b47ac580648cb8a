import { DAY_MS, fixedClock, HOUR_MS } from './platform/clock.js';
import type { ServiceContext } from './platform/context.js';
import { SYSTEM_ACTOR } from './platform/actor.js';
import { openAccount, postCommands, type LedgerCommand } from './modules/ledger/index.js';

/**
 * A month of plausible history for the demo buyers, so that 账户明细, the balance chart and the proof
 * bundle have something to show: top-ups, purchases held in escrow then settled, 钻 bought and spent,
 * a refund, and one order still held. It is written before the demo shops exist (entry times never go
 * backwards in an account), so its settlements pay a `merchant_payable` account keyed by the demo
 * merchant's user id, not a shop; the shops' own trade (demo-commerce.ts) uses the shops' accounts.
 */
export async function seedDemoLedger(
  ctx: ServiceContext,
  users: { buyers: string[]; merchant: string },
): Promise<void> {
  const now = ctx.clock.now().getTime();
  const at = (daysAgo: number, hour = 0) => new Date(now - daysAgo * DAY_MS + hour * HOUR_MS);
  const open = (
    kind: Parameters<typeof openAccount>[2]['kind'],
    currency: 'CNY' | 'ZUAN',
    ownerId?: string,
  ) => openAccount(ctx.db, at(31), { kind, currency, ...(ownerId ? { ownerId } : {}) }).then((a) => a.id);

  const clearing = await open('platform_clearing', 'CNY');
  const escrow = await open('escrow', 'CNY');
  const fees = await open('platform_fee_revenue', 'CNY');
  const reserve = await open('reserve', 'CNY');
  const issuance = await open('zuan_issuance', 'ZUAN');
  const redeemed = await open('zuan_redeemed', 'ZUAN');
  const payable = await open('merchant_payable', 'CNY', users.merchant);

  let serial = 0;
  const command = (
    type: 'transfer' | 'hold',
    legs: Array<[string, number]>,
    reason: string,
    params: Record<string, string | number>,
    cause: string,
  ): LedgerCommand => {
    const id = `demo-${type}-${++serial}`;
    return {
      id,
      type,
      legs: legs.map(([accountId, amount]) => ({ accountId, amount })),
      cause: { type: cause, id: `demo-${cause}-${serial}` },
      reason: { code: reason, params },
      actor: SYSTEM_ACTOR,
    };
  };

  for (const [index, buyer] of users.buyers.entries()) {
    const wallet = await open('user_wallet', 'CNY', buyer);
    const zuan = await open('user_zuan', 'ZUAN', buyer);
    const scale = index === 0 ? 1 : 0.5;
    const yuan = (n: number) => Math.round(n * 100 * scale);
    const history: Array<[Date, LedgerCommand]> = [
      [
        at(29, 10),
        command(
          'transfer',
          [
            [clearing, -yuan(200)],
            [wallet, yuan(200)],
          ],
          'wallet_topup',
          { channel: '沙盒支付' },
          'topup',
        ),
      ],
      [
        at(27, 21),
        command(
          'transfer',
          [
            [wallet, -yuan(30)],
            [escrow, yuan(30)],
          ],
          'purchase',
          { item: '王者荣耀 60 点券' },
          'order',
        ),
      ],
      [
        at(26, 21),
        command(
          'transfer',
          [
            [escrow, -yuan(30)],
            [payable, yuan(28.5)],
            [fees, yuan(1.5)],
          ],
          'settlement',
          { order: 'DEMO-1001' },
          'order',
        ),
      ],
      [
        at(20, 15),
        command(
          'transfer',
          [
            [wallet, -yuan(50)],
            [reserve, yuan(50)],
          ],
          'zuan_purchase',
          { zuan: 500 * scale },
          'membership',
        ),
      ],
      [
        at(20, 15),
        command(
          'transfer',
          [
            [issuance, -500 * scale],
            [zuan, 500 * scale],
          ],
          'zuan_purchase',
          { zuan: 500 * scale },
          'membership',
        ),
      ],
      [
        at(14, 19),
        command(
          'transfer',
          [
            [zuan, -120 * scale],
            [redeemed, 120 * scale],
          ],
          'zuan_spend',
          { item: '和平精英 月卡' },
          'order',
        ),
      ],
      [
        at(9, 12),
        command(
          'transfer',
          [
            [clearing, -yuan(100)],
            [wallet, yuan(100)],
          ],
          'wallet_topup',
          { channel: '沙盒支付' },
          'topup',
        ),
      ],
      [
        at(8, 20),
        command(
          'transfer',
          [
            [wallet, -yuan(45)],
            [escrow, yuan(45)],
          ],
          'purchase',
          { item: '原神 创世结晶 ×60' },
          'order',
        ),
      ],
      [
        at(7, 9),
        command(
          'transfer',
          [
            [escrow, -yuan(45)],
            [wallet, yuan(45)],
          ],
          'refund',
          { item: '原神 创世结晶 ×60' },
          'refund',
        ),
      ],
      [
        at(2, 22),
        command(
          'hold',
          [
            [wallet, -yuan(68)],
            [escrow, yuan(68)],
          ],
          'purchase_hold',
          { item: 'Steam 钱包 ¥68' },
          'order',
        ),
      ],
    ];
    for (const [when, step] of history) {
      await ctx.transact((trx) =>
        postCommands(trx, { dialect: ctx.dialect, clock: fixedClock(when) }, [step]),
      );
    }
  }
}
