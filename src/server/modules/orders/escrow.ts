import type { Actor } from '../../platform/actor.js';
import type { ServiceContext, Trx } from '../../platform/context.js';
import {
  openAccount,
  postCommand,
  rejectionError,
  type LedgerCommand,
  type LedgerResult,
} from '../ledger/index.js';
import type { OrderRow } from './orders.repository.js';
import { setEscrowAccount } from './orders.repository.js';

/**
 * An order's money in the ledger (ADR 0006). Each paid order has its own escrow account (platform-owned,
 * keyed by the order): payment moves the money there, from the buyer's wallet or from platform clearing
 * (money at a provider). A hold on the escrow then names where it will go — the merchant's payable
 * balance and the platform fee — so the merchant sees it as incoming; settlement posts the hold (one
 * transfer), a refund voids it and sends the money back where it came from. Transfer ids derive from the
 * order and payment ids, so every step is idempotent.
 */
export async function escrowAccountOf(trx: Trx, now: Date, order: OrderRow): Promise<string> {
  if (order.escrow_account_id) return order.escrow_account_id;
  const account = await openAccount(trx, now, {
    kind: 'escrow',
    currency: order.currency,
    ownerId: order.id,
  });
  await setEscrowAccount(trx, order.id, account.id);
  return account.id;
}

/** The signed-in buyer: wallet money only ever belongs to one (guests pay through providers). */
function buyerOf(order: OrderRow): string {
  if (!order.buyer_id) throw new Error(`order ${order.id} has no signed-in buyer to own a wallet`);
  return order.buyer_id;
}

/**
 * Where an order's money comes from or goes back to: the buyer's wallet, or platform clearing for money
 * that moved through a provider (`source` is then the provider's name).
 */
async function outsideAccount(trx: Trx, now: Date, order: OrderRow, source: string): Promise<string> {
  const account =
    source === 'wallet'
      ? await openAccount(trx, now, {
          kind: 'user_wallet',
          currency: order.currency,
          ownerId: buyerOf(order),
        })
      : await openAccount(trx, now, { kind: 'platform_clearing', currency: order.currency });
  return account.id;
}

async function post(trx: Trx, ctx: ServiceContext, command: LedgerCommand): Promise<LedgerResult> {
  return postCommand(trx, { dialect: ctx.dialect, clock: ctx.clock }, command);
}

/** Post, or throw the rejection as the use case's error (the whole transaction rolls back). */
async function postOrThrow(trx: Trx, ctx: ServiceContext, command: LedgerCommand): Promise<void> {
  const refused = rejectionError(await post(trx, ctx, command));
  if (refused) throw refused;
}

export interface Funding {
  paymentId: string;
  amount: number;
  /** `wallet`: from the buyer's wallet; otherwise the provider's name (money arrives via clearing). */
  source: string;
  actor: Actor;
}

/**
 * Moves a payment into the order's escrow. From the wallet this can be refused (not enough balance):
 * the result says so and nothing is written; from clearing it cannot (clearing may go negative: its
 * balance is what providers owe the platform). `order` must be as read in this transaction; the order
 * returned is that row naming its escrow account (the only column funding changes).
 */
export async function fundEscrow(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  funding: Funding,
): Promise<{ ledger: LedgerResult; order: OrderRow }> {
  const now = ctx.clock.now();
  const escrow = await escrowAccountOf(trx, now, order);
  const from = await outsideAccount(trx, now, order, funding.source);
  const ledger = await post(trx, ctx, fundingCommand(order, { from, escrow }, funding));
  return { ledger, order: { ...order, escrow_account_id: escrow } };
}

/** The transfer that moves a payment into the order's escrow (`from`: the wallet or platform clearing). */
export function fundingCommand(
  order: Pick<OrderRow, 'id' | 'title'>,
  accounts: { from: string; escrow: string },
  funding: Funding,
): LedgerCommand {
  return {
    id: `${order.id}:fund:${funding.paymentId}`,
    type: 'transfer',
    legs: [
      { accountId: accounts.from, amount: -funding.amount },
      { accountId: accounts.escrow, amount: funding.amount },
    ],
    cause: { type: 'order', id: order.id },
    reason:
      funding.source === 'wallet'
        ? { code: 'order_payment', params: { item: order.title } }
        : { code: 'payment_received', params: { channel: funding.source } },
    actor: funding.actor,
  };
}

/** The hold that says where the escrowed money goes on settlement: payable and fee, fixed at payment. */
export async function holdEscrow(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  actor: Actor,
): Promise<void> {
  const now = ctx.clock.now();
  const escrow = await escrowAccountOf(trx, now, order);
  const payable = await openAccount(trx, now, {
    kind: 'merchant_payable',
    currency: order.currency,
    ownerId: order.merchant_id,
  });
  const revenue =
    order.fee > 0
      ? (await openAccount(trx, now, { kind: 'platform_fee_revenue', currency: order.currency })).id
      : null;
  await postOrThrow(trx, ctx, escrowHoldCommand(order, { escrow, payable: payable.id, revenue }, actor));
}

/** The hold on the escrow naming where the money goes: the merchant's payable and, if any, the fee. */
export function escrowHoldCommand(
  order: Pick<OrderRow, 'id' | 'title' | 'amount' | 'fee'>,
  accounts: { escrow: string; payable: string; revenue: string | null },
  actor: Actor,
): LedgerCommand {
  const legs = [
    { accountId: accounts.escrow, amount: -order.amount },
    { accountId: accounts.payable, amount: order.amount - order.fee },
  ];
  if (order.fee > 0) {
    if (accounts.revenue === null) throw new Error(`order ${order.id} has a fee and no revenue account`);
    legs.push({ accountId: accounts.revenue, amount: order.fee });
  }
  return {
    id: escrowHoldId(order.id),
    type: 'hold',
    legs,
    cause: { type: 'order', id: order.id },
    reason: { code: 'order_escrow', params: { item: order.title } },
    actor,
  };
}

function escrowHoldId(orderId: string): string {
  return `${orderId}:escrow`;
}

/** Settlement: the merchant is paid (minus the fee) in one ledger transfer, by posting the hold. */
export async function settleEscrow(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  actor: Actor,
): Promise<void> {
  await postOrThrow(trx, ctx, {
    id: `${order.id}:settle`,
    type: 'post',
    pendingId: escrowHoldId(order.id),
    cause: { type: 'order', id: order.id },
    reason: { code: 'order_settlement', params: { item: order.title } },
    actor,
  });
}

/** Cancels the settlement plan before a refund: the escrowed money is free to go back. */
export async function voidEscrowHold(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  actor: Actor,
): Promise<void> {
  await postOrThrow(trx, ctx, {
    id: `${order.id}:void`,
    type: 'void',
    pendingId: escrowHoldId(order.id),
    cause: { type: 'order', id: order.id },
    reason: { code: 'order_refund', params: { item: order.title, why: 'void' } },
    actor,
  });
}

/**
 * Sends a payment's money out of escrow back where it came from: the buyer's wallet, or platform clearing
 * (for a provider payment, once the provider has refunded it).
 */
export async function returnFromEscrow(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  refund: { refundId: string; amount: number; destination: string; why: string; actor: Actor },
): Promise<void> {
  const now = ctx.clock.now();
  const escrow = await escrowAccountOf(trx, now, order);
  const to = await outsideAccount(trx, now, order, refund.destination);
  await postOrThrow(trx, ctx, {
    id: `${order.id}:refund:${refund.refundId}`,
    type: 'transfer',
    legs: [
      { accountId: escrow, amount: -refund.amount },
      { accountId: to, amount: refund.amount },
    ],
    cause: { type: 'order', id: order.id },
    reason: { code: 'order_refund', params: { item: order.title, why: refund.why } },
    actor: refund.actor,
  });
}

/**
 * Settlement with part of the money going back: the hold is posted for the amount the buyer keeps
 * paying for (merchant share and fee recomputed on it); the rest stays free in escrow for the refund.
 */
export async function settleEscrowReduced(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  kept: { total: number; fee: number },
  actor: Actor,
): Promise<void> {
  const now = ctx.clock.now();
  const escrow = await escrowAccountOf(trx, now, order);
  const payable = await openAccount(trx, now, {
    kind: 'merchant_payable',
    currency: order.currency,
    ownerId: order.merchant_id,
  });
  const legs = [{ accountId: escrow, amount: -kept.total }];
  if (kept.total - kept.fee > 0) legs.push({ accountId: payable.id, amount: kept.total - kept.fee });
  if (kept.fee > 0) {
    const revenue = await openAccount(trx, now, { kind: 'platform_fee_revenue', currency: order.currency });
    legs.push({ accountId: revenue.id, amount: kept.fee });
  }
  await postOrThrow(trx, ctx, {
    id: `${order.id}:settle`,
    type: 'post',
    pendingId: escrowHoldId(order.id),
    legs,
    cause: { type: 'order', id: order.id },
    reason: { code: 'order_settlement', params: { item: order.title } },
    actor,
  });
}

/** Where a clawback took the money from, in the order it was taken (ADR 0008 invariant 3). */
export interface ClawbackSources {
  payable: number;
  deposit: number;
  fee: number;
  reserve: number;
  platformLoss: number;
}

/**
 * After settlement the buyer is still made whole: the refund is brought back into the order's escrow
 * from the merchant's payable balance, then its deposit, then the platform's reserve, and what none of
 * them can cover is booked as a platform loss (`platform_adjustment`). The fee part comes back from fee
 * revenue first. One transfer, so the sources are taken together or not at all.
 */
export async function clawBackIntoEscrow(
  trx: Trx,
  ctx: ServiceContext,
  order: OrderRow,
  claim: { id: string; merchant: number; fee: number; actor: Actor },
): Promise<ClawbackSources> {
  const now = ctx.clock.now();
  const open = (kind: 'merchant_payable' | 'merchant_deposit', ownerId: string) =>
    openAccount(trx, now, { kind, currency: order.currency, ownerId });
  const platform = (kind: 'platform_fee_revenue' | 'reserve' | 'platform_adjustment') =>
    openAccount(trx, now, { kind, currency: order.currency });
  const escrow = await escrowAccountOf(trx, now, order);
  const payable = await open('merchant_payable', order.merchant_id);
  const deposit = await open('merchant_deposit', order.merchant_id);
  const revenue = await platform('platform_fee_revenue');
  const reserve = await platform('reserve');
  const loss = await platform('platform_adjustment');

  const taking = (want: number, available: number) => Math.max(0, Math.min(want, available));
  const sources: ClawbackSources = { payable: 0, deposit: 0, fee: 0, reserve: 0, platformLoss: 0 };
  sources.payable = taking(claim.merchant, payable.available);
  sources.deposit = taking(claim.merchant - sources.payable, deposit.available);
  sources.fee = taking(claim.fee, revenue.available);
  const uncovered = claim.merchant - sources.payable - sources.deposit + (claim.fee - sources.fee);
  sources.reserve = taking(uncovered, reserve.available);
  sources.platformLoss = uncovered - sources.reserve;

  const legs = [
    { accountId: payable.id, amount: -sources.payable },
    { accountId: deposit.id, amount: -sources.deposit },
    { accountId: revenue.id, amount: -sources.fee },
    { accountId: reserve.id, amount: -sources.reserve },
    { accountId: loss.id, amount: -sources.platformLoss },
    { accountId: escrow, amount: claim.merchant + claim.fee },
  ].filter((leg) => leg.amount !== 0);
  await postOrThrow(trx, ctx, {
    id: `${order.id}:clawback:${claim.id}`,
    type: 'transfer',
    legs,
    cause: { type: 'order', id: order.id },
    reason: { code: 'order_clawback', params: { item: order.title } },
    actor: claim.actor,
  });
  return sources;
}
