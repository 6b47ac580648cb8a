import type { CreditView, SanctionLevel } from '../../../common/api/credit.js';
import { SYSTEM_ACTOR, type Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { addMs, DAY_MS, toStoredTime } from '../../platform/clock.js';
import type { Db, ServiceContext, Trx } from '../../platform/context.js';
import { composeEmail, queueEmail } from '../../platform/mail.js';
import { applyTransition } from '../../platform/state-machine.js';
import { findUserById } from '../accounts/index.js';
import { merchantResponseStats } from '../chat/index.js';
import { merchantLifecycle, setSanction, type MerchantRowView } from '../merchants/index.js';
import { CREDIT_WINDOW_DAYS, creditScore, type CreditFacts } from './credit-formula.js';

/**
 * A shop's credit from its facts, and the sanctions that follow automatically (ADR 0008, PRODUCT.md P3):
 * warnings and hidden listings come and go with the score; a suspension stays until an admin reinstates
 * the shop (the appeal path). Every change is audited and the owner is told why by email.
 */
export async function creditFacts(db: Db, merchantId: string, now: Date): Promise<CreditFacts> {
  const since = toStoredTime(addMs(now, -CREDIT_WINDOW_DAYS * DAY_MS));
  const [completed, disputes, events, response] = await Promise.all([
    db
      .selectFrom('orders')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('merchant_id', '=', merchantId)
      .where('status', '=', 'settled')
      .where('settled_at', '>=', since)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('disputes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('merchant_id', '=', merchantId)
      .where('opened_at', '>=', since)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('merchant_credit_events')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('merchant_id', '=', merchantId)
      .where('at', '>=', since)
      .groupBy('kind')
      .execute(),
    merchantResponseStats(db, merchantId, now),
  ]);
  const count = (kind: string) => Number(events.find((e) => e.kind === kind)?.n ?? 0);
  return {
    completedOrders: Number(completed.n),
    disputes: Number(disputes.n),
    disputesLost: Math.max(0, count('dispute_lost') - count('dispute_lost_reversed')),
    deadlinesMissed: count('deadline_missed'),
    medianFirstResponseMs: response.medianFirstResponseMs,
  };
}

function currentSanction(row: MerchantRowView): SanctionLevel {
  return row.status === 'suspended' ? 'suspended' : row.sanction;
}

export async function creditOf(db: Db, row: MerchantRowView, now: Date): Promise<CreditView> {
  const facts = await creditFacts(db, row.id, now);
  const score = creditScore(facts);
  return {
    merchantId: row.id,
    ...score,
    facts,
    current: currentSanction(row),
    windowDays: CREDIT_WINDOW_DAYS,
  };
}

const SANCTION_TEXT: Record<SanctionLevel, string> = {
  none: '已恢复正常 / back to normal',
  warning: '信用预警 / credit warning',
  listings_hidden:
    '商品已下架展示，直至信用分恢复到 35 以上 / listings hidden until the score is back above 35',
  suspended: '店铺已暂停，可联系平台申诉 / shop suspended; appeal to support',
};

/**
 * Applies what the score says. Only an active shop is touched: a suspension is lifted by an admin only,
 * and shops in other states have nothing to sanction.
 */
export async function reviewCredit(
  ctx: ServiceContext,
  trx: Trx,
  row: MerchantRowView,
): Promise<SanctionLevel> {
  const now = ctx.clock.now();
  if (row.status !== 'active') return currentSanction(row);
  // An admin's decision stands until something new happens: only credit events after it reopen the review.
  if (row.sanction_by_admin_at !== null) {
    const newer = await trx
      .selectFrom('merchant_credit_events')
      .select('id')
      .where('merchant_id', '=', row.id)
      .where('at', '>', row.sanction_by_admin_at)
      .executeTakeFirst();
    if (!newer) return row.sanction;
  }
  const credit = await creditOf(trx, row, now);
  if (credit.level === row.sanction) {
    if (row.sanction_by_admin_at !== null)
      await setSanction(trx, row.id, { status: 'active', sanction: row.sanction, byAdmin: false }, now);
    return row.sanction;
  }
  const summary = `score ${credit.score}: ${credit.parts.map((p) => `${p.code} ${p.points}`).join(', ')}`;
  if (credit.level === 'suspended') {
    await applyTransition(
      trx,
      now,
      merchantLifecycle,
      {
        entityId: row.id,
        from: 'active',
        to: 'suspended',
        actor: SYSTEM_ACTOR,
        reason: { code: 'credit_below_threshold', note: summary },
      },
      () => setSanction(trx, row.id, { status: 'suspended', sanction: row.sanction, byAdmin: false }, now),
    );
  } else {
    await setSanction(trx, row.id, { status: 'active', sanction: credit.level, byAdmin: false }, now);
  }
  await tellOwner(ctx, trx, row, credit.level, summary, SYSTEM_ACTOR);
  return credit.level;
}

export async function tellOwner(
  ctx: ServiceContext,
  trx: Trx,
  row: MerchantRowView,
  level: SanctionLevel,
  why: string,
  actor: Actor,
  ip: string | null = null,
): Promise<void> {
  const now = ctx.clock.now();
  await recordAudit(trx, now, {
    actor,
    action: 'merchant.sanction',
    target: { type: 'merchant', id: row.id },
    ip,
    summary: `${row.shop_name}: ${currentSanction(row)} → ${level}`,
    details: { why },
  });
  const owner = await findUserById(trx, row.user_id);
  if (!owner) return;
  await queueEmail(
    trx,
    now,
    ctx.keys,
    composeEmail(owner.email, {
      subject: `【${ctx.config.shopName}】店铺信用处理：${SANCTION_TEXT[level]}`,
      lines: [
        `店铺“${row.shop_name}”：${SANCTION_TEXT[level]}。`,
        `依据 / why: ${why}`,
        '信用分公式与处理规则见帮助中心；如有异议，可在商户后台或联系平台客服申诉。 / The formula and rules are published; appeal through support.',
      ],
    }),
  );
}
