/**
 * Reading a Stripe webhook event (https://docs.stripe.com/api/events/object): `{ object: "event", type,
 * livemode, data: { object } }`, where for the events Kameng acts on `data.object` is the Checkout
 * Session as it was when the event happened.
 */
export type StripeObject = Record<string, unknown>;

export const SESSION_EVENTS = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
] as const;
export type SessionEventType = (typeof SESSION_EVENTS)[number];

export type StripeEvent =
  | { kind: 'invalid'; reason: string }
  /** An event Kameng does not act on: another type, or a session another application created. */
  | { kind: 'other'; livemode: boolean; reason: string }
  | {
      kind: 'session';
      type: SessionEventType;
      livemode: boolean;
      session: StripeObject;
      sessionId: string;
      paymentId: string;
      amount: number;
      currency: string;
    };

function isObject(value: unknown): value is StripeObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readStripeEvent(rawBody: string): StripeEvent {
  let event: unknown;
  try {
    event = JSON.parse(rawBody);
  } catch {
    return { kind: 'invalid', reason: 'not JSON' };
  }
  if (!isObject(event) || event.object !== 'event' || typeof event.type !== 'string')
    return { kind: 'invalid', reason: 'not a Stripe event' };
  if (typeof event.livemode !== 'boolean') return { kind: 'invalid', reason: 'event without livemode' };
  const { type, livemode } = event;
  if (!(SESSION_EVENTS as readonly string[]).includes(type))
    return { kind: 'other', livemode, reason: `event ${type.slice(0, 80)} is not used` };
  const session = isObject(event.data) ? event.data.object : undefined;
  if (!isObject(session) || session.object !== 'checkout.session' || typeof session.id !== 'string')
    return { kind: 'invalid', reason: 'event without its Checkout Session' };
  const metadata = isObject(session.metadata) ? session.metadata : {};
  const paymentId = metadata.kameng_payment_id;
  // Sessions Kameng creates carry its payment id; others on the same Stripe account are not its business.
  if (typeof paymentId !== 'string' || paymentId === '')
    return { kind: 'other', livemode, reason: 'a Checkout Session Kameng did not create' };
  if (session.client_reference_id !== paymentId)
    return { kind: 'invalid', reason: 'client_reference_id and metadata name different payments' };
  const amount = session.amount_total;
  const currency = session.currency;
  if (
    typeof amount !== 'number' ||
    !Number.isSafeInteger(amount) ||
    amount < 0 ||
    typeof currency !== 'string' ||
    !/^[a-z]{3}$/.test(currency)
  )
    return { kind: 'invalid', reason: 'session without a readable amount or currency' };
  return {
    kind: 'session',
    type: type as SessionEventType,
    livemode,
    session,
    sessionId: session.id,
    paymentId,
    amount,
    currency: currency.toUpperCase(),
  };
}
