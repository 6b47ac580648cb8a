import type { KeyObject } from 'node:crypto';
import type { CallbackInput, CallbackVerdict } from '../provider.js';
import { decryptResource, verifyWechatpaySignature } from './wechatpay-signing.js';
import {
  isJson,
  parseJson,
  readTransaction,
  UNPAID_FINAL_STATES,
  type Json,
} from './wechatpay-transaction.js';

/**
 * A WeChat Pay notification (支付通知 API, v3): a JSON POST
 * `{ id, create_time, event_type, resource_type: "encrypt-resource", summary, resource: { algorithm,
 * ciphertext, associated_data, nonce, original_type } }`, signed over its raw body in the four
 * `Wechatpay-*` headers. The resource decrypts (APIv3 key, AES-256-GCM) to the transaction.
 *
 * Payments are notified as `TRANSACTION.SUCCESS`; what Kameng believes is the decrypted, authenticated
 * `trade_state` (SUCCESS is paid; CLOSED, REVOKED, PAYERROR are not). Refund events (`REFUND.*`) and any
 * other type are authentic but not acted on: acknowledged, so WeChat stops resending them.
 */
export interface NotificationContext {
  mchid: string;
  appid: string;
  apiV3Key: string;
  platformKeys: ReadonlyMap<string, KeyObject>;
  now: Date;
}

/** A notification has a handful of fields; the body limit of the callback route bounds the rest. */
const MAX_EVENT_TYPE_CHARS = 64;

export function readNotification(input: CallbackInput, context: NotificationContext): CallbackVerdict {
  const event = parseJson(input.rawBody);
  // Opened before the signature is checked only to link the stored callback to the payment it claims (GCM
  // authenticates the resource with the APIv3 key, but that key alone is not WeChat's word).
  const opened = event ? openResource(event, context.apiV3Key) : null;
  const evidence =
    event && opened?.plaintext != null
      ? withDecrypted(event, opened.decrypted ?? opened.plaintext)
      : undefined;
  const transaction = readTransaction(opened?.decrypted);
  const claimed = transaction?.outTradeNo ?? null;
  const signature = verifyWechatpaySignature(
    {
      'wechatpay-timestamp': input.headers['wechatpay-timestamp'],
      'wechatpay-nonce': input.headers['wechatpay-nonce'],
      'wechatpay-signature': input.headers['wechatpay-signature'],
      'wechatpay-serial': input.headers['wechatpay-serial'],
    },
    input.rawBody,
    context.platformKeys,
    context.now,
  );
  if (!signature.ok) return { ok: false, reason: signature.reason, paymentId: claimed, evidence };
  if (!event || typeof event.event_type !== 'string' || !isJson(event.resource))
    return { ok: false, reason: 'not a WeChat Pay notification', paymentId: null };
  const eventType = event.event_type.slice(0, MAX_EVENT_TYPE_CHARS);
  if (!eventType.startsWith('TRANSACTION.') || event.resource.original_type !== 'transaction')
    return {
      ok: false,
      acknowledge: true,
      reason: `event ${eventType} is not used`,
      paymentId: null,
      evidence,
    };
  if (!opened) return { ok: false, reason: 'notification without an encrypted resource', paymentId: null };
  if (opened.plaintext === null)
    return { ok: false, reason: 'resource does not decrypt with the APIv3 key', paymentId: null, evidence };
  if (!transaction) return { ok: false, reason: 'unreadable transaction', paymentId: null, evidence };
  const paymentId = transaction.outTradeNo;
  // Signed by WeChat Pay, but about another merchant's (or another app's) trade: not this channel's.
  if (transaction.mchid !== context.mchid || transaction.appid !== context.appid)
    return { ok: false, reason: 'another merchant (mchid or appid)', paymentId, evidence };
  const paid = transaction.tradeState === 'SUCCESS';
  // NOTPAY and USERPAYING are no outcome; REFUND (paid, then refunded) is what the query says, not news.
  if (!paid && !UNPAID_FINAL_STATES.has(transaction.tradeState))
    return {
      ok: false,
      acknowledge: true,
      reason: `trade state ${transaction.tradeState.slice(0, 32)} is not acted on`,
      paymentId,
      evidence,
    };
  // A trade closed unpaid has no transaction_id: only a paid one must name WeChat's trade number.
  if (paid && !transaction.transactionId)
    return { ok: false, reason: 'paid transaction without transaction_id', paymentId, evidence };
  return {
    ok: true,
    paymentId,
    providerTradeNo: transaction.transactionId ?? '',
    amount: transaction.total,
    currency: transaction.currency,
    paid,
    evidence,
  };
}

/**
 * The notification's `encrypt-resource` decrypted: null when there is none; `plaintext` null when it
 * does not decrypt (a wrong APIv3 key, a tampered ciphertext, nonce or associated data).
 */
function openResource(
  event: Json,
  apiV3Key: string,
): { plaintext: string | null; decrypted: Json | null } | null {
  const resource = event.resource;
  if (
    event.resource_type !== 'encrypt-resource' ||
    !isJson(resource) ||
    typeof resource.algorithm !== 'string' ||
    typeof resource.ciphertext !== 'string' ||
    typeof resource.nonce !== 'string' ||
    (resource.associated_data !== undefined && typeof resource.associated_data !== 'string')
  )
    return null;
  const plaintext = decryptResource(
    {
      algorithm: resource.algorithm,
      ciphertext: resource.ciphertext,
      nonce: resource.nonce,
      ...(typeof resource.associated_data === 'string' ? { associated_data: resource.associated_data } : {}),
    },
    apiV3Key,
  );
  return { plaintext, decrypted: plaintext === null ? null : parseJson(plaintext) };
}

/**
 * What is kept of the notification: the body as sent with the resource in clear in place of its
 * ciphertext — otherwise the stored callback (and an alert about it) would not show which payment or
 * amount it claimed.
 */
function withDecrypted(event: Json, decrypted: unknown): Json {
  const { ciphertext: _sealed, ...resource } = isJson(event.resource) ? event.resource : {};
  return { ...event, resource: { ...resource, decrypted } };
}
