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
  /** The buyer's IP address when known (epay's mapi.php asks for it). */
  payerIp?: string | null;
}

export type CallbackVerdict =
  | {
      ok: true;
      paymentId: string;
      providerTradeNo: string;
      amount: number;
      currency: string;
      paid: boolean;
      /** What to store of the callback instead of its body (WeChat Pay's, decrypted). */
      evidence?: unknown;
    }
  | {
      ok: false;
      reason: string;
      paymentId: string | null;
      /**
       * Authentic, but nothing for Kameng to act on (a Stripe event type it does not use, a checkout whose
       * payment is still on its way): stored and acknowledged, so the provider stops resending it.
       */
      acknowledge?: boolean;
      /**
       * What to store of the callback instead of its body, when the body does not say it in clear (WeChat
       * Pay encrypts what a notification is about): the body with the decrypted part beside it.
       */
      evidence?: unknown;
    };

export type ProviderStatus =
  { paid: true; providerTradeNo: string; amount: number; currency: string } | { paid: false };

/**
 * What the provider did with a refund. `pending` names the provider's own word for a refund it has taken on
 * but not finished (Stripe `pending`, WeChat Pay `PROCESSING`): Kameng asks again later and moves the
 * money in the ledger only once the provider says it is done.
 */
export type RefundOutcome =
  | { ok: true; providerRefundNo: string; pending?: string }
  /**
   * `refused`: the provider answered, authentically, that it will not (or could not) send this money back
   * — the refund can be given up and the money sent elsewhere. Without it the outcome is unknown (a
   * timeout, an unreadable or unsigned answer, a server error): the provider may have refunded, so the
   * refund is never given up on it, only asked about again.
   */
  | { ok: false; error: string; refused?: true };

/**
 * A callback as it arrived: its parameters (query string and form or JSON fields, as strings), the raw
 * body exactly as sent (WeChat Pay and Stripe sign the bytes), and the headers (lower-case names).
 */
export interface CallbackInput {
  params: Readonly<Record<string, string>>;
  rawBody: string;
  headers: Readonly<Record<string, string | undefined>>;
}

/** What a provider expects back from a callback it may stop retrying. */
export interface CallbackReply {
  status: number;
  contentType: string;
  body: string;
}

/** The answer the epay family (the sandbox, epay) and Alipay expect: the plain text `success`. */
export const PLAIN_SUCCESS: CallbackReply = {
  status: 200,
  contentType: 'text/plain; charset=utf-8',
  body: 'success',
};

export interface PaymentProvider {
  readonly name: string;
  /**
   * `providerTradeNo`, when the provider numbers the trade at creation (Stripe's Checkout Session id), is
   * kept on the payment and handed back to `queryPayment` and `refund`: Stripe cannot look a session up
   * by Kameng's payment id.
   */
  createPayment(input: CreateProviderPayment): Promise<{ redirectUrl: string; providerTradeNo?: string }>;
  /** Checks a callback's signature and reads it; never throws for bad input, it says why instead. */
  verifyCallback(input: CallbackInput): Promise<CallbackVerdict>;
  /** Asks the provider itself whether a payment was made (the answer a callback cannot forge). */
  queryPayment(paymentId: string, providerTradeNo?: string | null): Promise<ProviderStatus>;
  /**
   * Asks the provider to refund, or — when `providerRefundNo` is set (the provider already took this
   * refund on and said it was pending) — how that refund stands now. Retries carry the same `refundId`
   * and must never refund twice.
   */
  refund(input: {
    paymentId: string;
    refundId: string;
    amount: number;
    providerTradeNo?: string | null;
    providerRefundNo?: string | null;
  }): Promise<RefundOutcome>;
  /** The answer to a callback that was applied (or was a duplicate): the provider stops retrying. */
  readonly callbackAcknowledgement: CallbackReply;
}
