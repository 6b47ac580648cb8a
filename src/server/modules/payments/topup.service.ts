import { formatMoney } from '../../../common/money.js';
import { SYSTEM_ACTOR } from '../../platform/actor.js';
import { addMs, HOUR_MS } from '../../platform/clock.js';
import type { ServiceContext, Trx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { openAccount, postCommand, rejectionError } from '../ledger/index.js';
import { paymentsErrors } from './payments.errors.js';
import type { PaymentRecord } from './payments.repository.js';
import { createPendingPayment, type PaymentPurposeHandler } from './payments.service.js';

/**
 * Wallet top-up (余额充值): a provider payment whose purpose is the payer's own wallet. When it succeeds
 * the money moves from platform clearing (money held at providers) into the wallet.
 */
export const TOPUP_MIN = 100;
export const TOPUP_MAX = 5_000_000;

export async function createTopup(
  ctx: ServiceContext,
  trx: Trx,
  input: { userId: string; amount: number; provider: string },
): Promise<PaymentRecord> {
  if (input.amount < TOPUP_MIN || input.amount > TOPUP_MAX)
    throw new AppError(paymentsErrors.PAYMENT_AMOUNT_INVALID, {
      min: formatMoney(TOPUP_MIN, 'CNY'),
      max: formatMoney(TOPUP_MAX, 'CNY'),
    });
  const now = ctx.clock.now();
  return createPendingPayment(trx, ctx, {
    purpose: 'topup',
    purposeId: input.userId,
    payerUserId: input.userId,
    provider: input.provider,
    amount: input.amount,
    currency: 'CNY',
    subject: `余额充值 ${formatMoney(input.amount, 'CNY')}`,
    expiresAt: addMs(now, 2 * HOUR_MS),
  });
}

export const topupPaymentHandler: PaymentPurposeHandler = {
  async onSucceeded(trx, ctx, payment) {
    const now = ctx.clock.now();
    const clearing = await openAccount(trx, now, { kind: 'platform_clearing', currency: 'CNY' });
    const wallet = await openAccount(trx, now, {
      kind: 'user_wallet',
      currency: 'CNY',
      ownerId: payment.purposeId,
    });
    const result = await postCommand(
      trx,
      { dialect: ctx.dialect, clock: ctx.clock },
      {
        id: `pay:${payment.id}`,
        type: 'transfer',
        legs: [
          { accountId: clearing.id, amount: -payment.amount },
          { accountId: wallet.id, amount: payment.amount },
        ],
        cause: { type: 'payment', id: payment.id },
        reason: { code: 'wallet_topup', params: { channel: payment.provider } },
        actor: SYSTEM_ACTOR,
      },
    );
    const refused = rejectionError(result);
    if (refused) throw refused;
  },
  onRefunded() {
    return Promise.reject(
      new Error('top-ups are not refunded to the provider; the balance stays in the wallet'),
    );
  },
};
