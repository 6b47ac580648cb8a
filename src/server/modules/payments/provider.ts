import type { Currency } from '../../../common/money.js';

/**
 * The seam every payment provider implements (PRODUCT.md P4): create a payment, verify a callback,
 * query a payment, refund. The payments issue adds epay, Alipay, WeChat Pay and Stripe behind it; the
 * sandbox provider is the built-in one for demos and tests.
 */
export interface CreateProviderPayment {
  paymentId: string;
  amount: number;
  currency: Currency;
  subject: string;
  /** Path of Kameng's callback route for this provider (providers call it server to server). */
  notifyPath: string;
  /** Path the buyer returns to after paying. */
  returnPath: string;
  expiresAt: Date;
}

export type CallbackVerdict =
  | {
      ok: true;
      paymentId: string;
      providerTradeNo: string;
      amount: number;
      currency: string;
      paid: boolean;
    }
  | { ok: false; reason: string; paymentId: string | null };

export type ProviderStatus =
  { paid: true; providerTradeNo: string; amount: number; currency: string } | { paid: false };

export type RefundOutcome = { ok: true; providerRefundNo: string } | { ok: false; error: string };

export interface PaymentProvider {
  readonly name: string;
  createPayment(input: CreateProviderPayment): Promise<{ redirectUrl: string }>;
  /** Checks a callback's signature and reads it; never throws for bad input, it says why instead. */
  verifyCallback(body: unknown): CallbackVerdict;
  /** Asks the provider itself whether a payment was made (the answer a callback cannot forge). */
  queryPayment(paymentId: string): Promise<ProviderStatus>;
  refund(input: { paymentId: string; refundId: string; amount: number }): Promise<RefundOutcome>;
  /** What the provider expects back from a callback it may stop retrying (`success` for epay-style). */
  readonly callbackAcknowledgement: string;
}
