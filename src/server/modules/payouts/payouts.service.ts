import { formatMoney } from '../../../common/money.js';
import type { PayoutSummary, PayoutView } from '../../../common/api/payouts.js';
import { userActor, type Actor } from '../../platform/actor.js';
import { recordAudit } from '../../platform/audit.js';
import { addMs, DAY_MS, toStoredTime } from '../../platform/clock.js';
import type { Db, ServiceContext, Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { composeEmail, queueEmail } from '../../platform/mail.js';
import { applyTransition, defineStateMachine, recordInitialState } from '../../platform/state-machine.js';
import { findUserById } from '../accounts/index.js';
import { creditOf } from '../credit/index.js';
import { openAccount, postCommand, rejectionError, type LedgerCommand } from '../ledger/index.js';
import { lockMerchantRow, merchantContact, type MerchantRowView } from '../merchants/index.js';
import { payoutsErrors } from './payouts.errors.js';
import type { PayoutsTable, PayoutStatus } from './payouts.tables.js';
import type { Selectable } from 'kysely';

/**
 * Payouts (提现, issue 5 deliverable 6). A shop withdraws settled earnings older than its reserve period
 * (7 days for new shops, 1 day for trusted ones — PlayerAuctions' payout reserve); the request holds the
 * money in the ledger (payable → clearing), an admin pays it outside and records the reference, which
 * posts the hold; a rejection or cancellation voids it. No payout while open disputes exceed the deposit.
 */
export const payoutLifecycle = defineStateMachine<PayoutStatus>({
  name: 'payout',
  initial: 'requested',
  transitions: { requested: ['paid', 'rejected', 'cancelled'], paid: [], rejected: [], cancelled: [] },
});

export const RESERVE_DAYS = { new: 7, trusted: 1 } as const;
/** Trusted: open at least 90 days with a credit score of 80 or more. */
const TRUSTED = { days: 90, score: 80 };
const OPEN_DISPUTES = ['awaiting_merchant', 'awaiting_buyer', 'escalated', 'appealed'] as const;

type PayoutRow = Selectable<PayoutsTable>;

export async function payoutSummary(db: Db, row: MerchantRowView, now: Date): Promise<PayoutSummary> {
  const accounts = await db
    .selectFrom('ledger_accounts')
    .select(['id', 'kind', 'balance', 'held'])
    .where('owner_type', '=', 'merchant')
    .where('owner_id', '=', row.id)
    .execute();
  const payable = accounts.find((a) => a.kind === 'merchant_payable');
  const deposit = accounts.find((a) => a.kind === 'merchant_deposit');
  const credit = await creditOf(db, row, now);
  const openedAt = new Date(row.reviewed_at ?? row.created_at);
  const tier =
    credit.score >= TRUSTED.score && addMs(openedAt, TRUSTED.days * DAY_MS) <= now ? 'trusted' : 'new';
  const reserveDays = RESERVE_DAYS[tier];
  const available = payable ? Number(payable.balance) - Number(payable.held) : 0;
  const recent = payable
    ? await db
        .selectFrom('ledger_entries')
        .select((eb) => eb.fn.sum<number>('amount').as('total'))
        .where('account_id', '=', payable.id)
        .where('kind', '=', 'posted')
        .where('amount', '>', 0)
        .where('created_at', '>', toStoredTime(addMs(now, -reserveDays * DAY_MS)))
        .executeTakeFirst()
    : undefined;
  const maturing = Math.min(available, Number(recent?.total ?? 0));
  const disputes = await db
    .selectFrom('disputes')
    .select((eb) => eb.fn.sum<number>(eb('requested_amount', '-', eb.ref('refund_amount'))).as('total'))
    .where('merchant_id', '=', row.id)
    .where('status', 'in', OPEN_DISPUTES)
    .executeTakeFirst();
  const openDisputeAmount = Number(disputes?.total ?? 0);
  const depositBalance = Number(deposit?.balance ?? 0);
  const blocked = !['active', 'closing', 'closed'].includes(row.status)
    ? 'shop_state'
    : openDisputeAmount > depositBalance
      ? 'open_disputes'
      : null;
  return {
    available,
    withdrawable: Math.max(0, available - maturing),
    maturing,
    tier,
    reserveDays,
    deposit: depositBalance,
    openDisputeAmount,
    blocked,
  };
}

async function post(trx: Trx, ctx: ServiceContext, command: LedgerCommand): Promise<void> {
  const refused = rejectionError(await postCommand(trx, { dialect: ctx.dialect, clock: ctx.clock }, command));
  if (refused) throw refused;
}

/**
 * Runs in the caller's transaction (the route makes it idempotent). The shop's row is locked first, so
 * two requests at once are decided one after the other: the second sees the first one's hold.
 */
export async function requestPayout(
  ctx: ServiceContext,
  trx: Trx,
  owner: { userId: string; merchantId: string },
  amount: number,
): Promise<PayoutRow> {
  {
    const now = ctx.clock.now();
    const row = await lockMerchantRow(trx, ctx.dialect, owner.merchantId);
    if (!row) throw new AppError(payoutsErrors.PAYOUT_NOT_FOUND);
    const summary = await payoutSummary(trx, row, now);
    if (summary.blocked === 'open_disputes')
      throw new AppError(payoutsErrors.PAYOUT_BLOCKED_BY_DISPUTES, {
        open: summary.openDisputeAmount,
        deposit: summary.deposit,
      });
    if (summary.blocked === 'shop_state' || amount > summary.withdrawable)
      throw new AppError(payoutsErrors.PAYOUT_EXCEEDS_WITHDRAWABLE, {
        withdrawable: summary.blocked ? 0 : summary.withdrawable,
        days: summary.reserveDays,
      });
    const id = newId('payout', now);
    await trx
      .insertInto('payouts')
      .values({
        id,
        merchant_id: row.id,
        amount,
        currency: 'CNY',
        status: 'requested',
        requested_by: owner.userId,
        requested_at: toStoredTime(now),
        decided_by: null,
        decided_at: null,
        external_reference: null,
        note: null,
      })
      .execute();
    const actor = userActor(owner.userId);
    const payable = await openAccount(trx, now, {
      kind: 'merchant_payable',
      currency: 'CNY',
      ownerId: row.id,
    });
    const clearing = await openAccount(trx, now, { kind: 'platform_clearing', currency: 'CNY' });
    await post(trx, ctx, {
      id: `payout:${id}`,
      type: 'hold',
      legs: [
        { accountId: payable.id, amount: -amount },
        { accountId: clearing.id, amount },
      ],
      cause: { type: 'payout', id },
      reason: { code: 'payout_requested', params: { shop: row.shop_name } },
      actor,
    });
    await recordInitialState(trx, now, payoutLifecycle, id, actor, { code: 'requested' });
    return (await findPayout(trx, id))!;
  }
}

export async function findPayout(db: Db, id: string): Promise<PayoutRow | undefined> {
  return db.selectFrom('payouts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Ends a requested payout: `paid` posts the hold (the money left), otherwise it is voided (back to payable). */
export async function decidePayout(
  ctx: ServiceContext,
  decision: {
    payoutId: string;
    to: 'paid' | 'rejected' | 'cancelled';
    actor: Actor;
    note: string | null;
    reference?: string;
    ip: string | null;
    merchantId?: string;
  },
): Promise<PayoutRow> {
  return ctx.transact(async (trx) => {
    const now = ctx.clock.now();
    const query = trx.selectFrom('payouts').selectAll().where('id', '=', decision.payoutId);
    const payout = await (ctx.dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
    if (!payout || (decision.merchantId !== undefined && payout.merchant_id !== decision.merchantId))
      throw new AppError(payoutsErrors.PAYOUT_NOT_FOUND);
    if (payout.status !== 'requested')
      throw new AppError(payoutsErrors.PAYOUT_NOT_PENDING, { status: payout.status });
    await applyTransition(
      trx,
      now,
      payoutLifecycle,
      {
        entityId: payout.id,
        from: 'requested',
        to: decision.to,
        actor: decision.actor,
        reason: { code: decision.to, note: decision.note },
      },
      async () =>
        Number(
          (
            await trx
              .updateTable('payouts')
              .set({
                status: decision.to,
                decided_by: decision.actor.id,
                decided_at: toStoredTime(now),
                external_reference: decision.reference ?? null,
                note: decision.note,
              })
              .where('id', '=', payout.id)
              .where('status', '=', 'requested')
              .executeTakeFirst()
          ).numUpdatedRows,
        ),
    );
    await post(
      trx,
      ctx,
      decision.to === 'paid'
        ? {
            id: `payout:${payout.id}:paid`,
            type: 'post',
            pendingId: `payout:${payout.id}`,
            cause: { type: 'payout', id: payout.id },
            reason: { code: 'payout_paid', params: { reference: decision.reference ?? '' } },
            actor: decision.actor,
          }
        : {
            id: `payout:${payout.id}:void`,
            type: 'void',
            pendingId: `payout:${payout.id}`,
            cause: { type: 'payout', id: payout.id },
            reason: { code: decision.to === 'rejected' ? 'payout_rejected' : 'payout_cancelled', params: {} },
            actor: decision.actor,
          },
    );
    if (decision.to !== 'cancelled') {
      await recordAudit(trx, now, {
        actor: decision.actor,
        action: `payout.${decision.to === 'paid' ? 'pay' : 'reject'}`,
        target: { type: 'payout', id: payout.id },
        ip: decision.ip,
        summary: `${payout.merchant_id}: ${payout.amount}${decision.reference ? ` ref ${decision.reference}` : ''}`,
        details: { note: decision.note },
      });
      await tellShop(ctx, trx, payout, decision.to, decision.reference ?? decision.note ?? '');
    }
    return (await findPayout(trx, payout.id))!;
  });
}

async function tellShop(
  ctx: ServiceContext,
  trx: Trx,
  payout: PayoutRow,
  to: 'paid' | 'rejected',
  detail: string,
) {
  const contact = await merchantContact(trx, payout.merchant_id);
  const owner = contact ? await findUserById(trx, contact.ownerUserId) : undefined;
  if (!owner) return;
  const yuan = formatMoney(payout.amount, 'CNY');
  await queueEmail(
    trx,
    ctx.clock.now(),
    ctx.keys,
    composeEmail(owner.email, {
      subject:
        to === 'paid'
          ? `【${ctx.config.shopName}】提现已打款 ${yuan} / Payout paid`
          : `【${ctx.config.shopName}】提现被拒绝 ${yuan} / Payout rejected`,
      lines: [
        to === 'paid'
          ? `提现 ${payout.id} 已打款，凭证号：${detail}`
          : `提现 ${payout.id} 未通过：${detail}；金额已退回可提现余额。`,
      ],
    }),
  );
}

export function presentPayout(row: PayoutRow, shopName: string): PayoutView {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    shopName,
    amount: row.amount,
    currency: 'CNY',
    status: row.status,
    requestedAt: row.requested_at,
    decidedAt: row.decided_at,
    externalReference: row.external_reference,
    note: row.note,
  };
}
