import { describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { ManualClock } from '../../../platform/clock.js';
import { readStripeEvent } from './stripe-event.js';
import { StripeProvider, stripeSettingsSchema } from './stripe-provider.js';
import { stripeSignature, verifyStripeSignature } from './stripe-signature.js';

const SECRET = 'whsec_5Qe8kT2mV9xR4nB7cL1pZ6wY3sH0jD8f';
const NOW = new Date('2026-11-22T08:00:00.000Z');
const T = NOW.getTime() / 1000;
const BODY = '{\n  "id": "evt_1",\n  "object": "event"\n}';

/** The header Stripe's own package writes, so our check is measured against code we did not write. */
const header = (payload = BODY, timestamp = T, secret = SECRET) =>
  Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });

describe('Stripe webhook signature', () => {
  it('accepts the header the stripe package writes, and the package accepts ours', () => {
    expect(verifyStripeSignature(header(), BODY, SECRET, NOW)).toEqual({ ok: true, timestamp: T });
    const ours = `t=${T},v1=${stripeSignature(SECRET, T, BODY)}`;
    expect(() =>
      Stripe.webhooks.signature!.verifyHeader(BODY, ours, SECRET, 300, undefined, NOW.getTime()),
    ).not.toThrow();
  });

  it('accepts any of several v1 signatures (a secret being rolled) and never a v0 alone', () => {
    const good = header().split('v1=')[1]!;
    expect(verifyStripeSignature(`t=${T},v1=${'0'.repeat(64)},v1=${good}`, BODY, SECRET, NOW).ok).toBe(true);
    expect(verifyStripeSignature(`t=${T},v0=${good}`, BODY, SECRET, NOW)).toMatchObject({ ok: false });
  });

  it('refuses another body, another secret, a spoiled signature and malformed headers', () => {
    expect(verifyStripeSignature(header(), BODY.replace('evt_1', 'evt_2'), SECRET, NOW)).toEqual({
      ok: false,
      reason: 'bad signature',
    });
    expect(verifyStripeSignature(header(BODY, T, `${SECRET}x`), BODY, SECRET, NOW).ok).toBe(false);
    expect(
      verifyStripeSignature(
        header().replace(/.$/, (c) => (c === 'a' ? 'b' : 'a')),
        BODY,
        SECRET,
        NOW,
      ).ok,
    ).toBe(false);
    for (const bad of [
      undefined,
      '',
      'v1=abc',
      `t=${T}`,
      `t=${T},t=${T},${header().split(',')[1]!}`,
      `t=x,v1=${'a'.repeat(64)}`,
    ])
      expect(verifyStripeSignature(bad, BODY, SECRET, NOW).ok, String(bad)).toBe(false);
  });

  it('refuses a timestamp more than five minutes old or ahead, by the injected clock', () => {
    expect(verifyStripeSignature(header(BODY, T - 300), BODY, SECRET, NOW).ok).toBe(true);
    expect(verifyStripeSignature(header(BODY, T - 301), BODY, SECRET, NOW)).toEqual({
      ok: false,
      reason: 'signature too old (301 s)',
    });
    expect(verifyStripeSignature(header(BODY, T + 301), BODY, SECRET, NOW)).toMatchObject({ ok: false });
  });
});

describe('Stripe events', () => {
  const session = {
    id: 'cs_test_a1',
    object: 'checkout.session',
    client_reference_id: 'pay_1',
    metadata: { kameng_payment_id: 'pay_1' },
    amount_total: 1230,
    currency: 'cny',
    status: 'complete',
    payment_status: 'paid',
  };
  const event = (type: string, object: Record<string, unknown> = session, livemode = false) =>
    JSON.stringify({ id: 'evt_1', object: 'event', type, livemode, data: { object } });

  it('reads a Checkout Session event into the payment, the session id, the amount and the currency upper-cased', () => {
    expect(readStripeEvent(event('checkout.session.completed'))).toMatchObject({
      kind: 'session',
      paymentId: 'pay_1',
      sessionId: 'cs_test_a1',
      amount: 1230,
      currency: 'CNY',
    });
  });

  it('tells apart what is not an event, another event type, another application’s session, and a session that contradicts itself', () => {
    expect(readStripeEvent('not json')).toMatchObject({ kind: 'invalid' });
    expect(readStripeEvent(event('charge.refunded'))).toMatchObject({ kind: 'other' });
    expect(readStripeEvent(event('checkout.session.completed', { ...session, metadata: {} }))).toMatchObject({
      kind: 'other',
    });
    expect(
      readStripeEvent(event('checkout.session.completed', { ...session, client_reference_id: 'pay_2' })),
    ).toMatchObject({ kind: 'invalid' });
    expect(
      readStripeEvent(event('checkout.session.completed', { ...session, amount_total: 12.3 })),
    ).toMatchObject({
      kind: 'invalid',
    });
  });

  it('refuses a test-mode event on a live channel, and reads async success, failure and expiry', async () => {
    const provider = (secretKey: string) =>
      new StripeProvider({
        channelId: 'pch_1',
        clock: new ManualClock(NOW.toISOString()),
        settings: stripeSettingsSchema.parse({}),
        credentials: { secretKey, webhookSecret: SECRET },
        publicUrl: 'https://shop.example.com',
      });
    const verdict = (secretKey: string, type: string, object = session) => {
      const rawBody = event(type, object);
      return provider(secretKey).verifyCallback({
        params: {},
        rawBody,
        headers: { 'stripe-signature': header(rawBody) },
      });
    };
    expect(await verdict('sk_live_0123456789abcdefABCDEF', 'checkout.session.completed')).toMatchObject({
      ok: false,
      reason: 'event of the other mode (test / live)',
    });
    const test = 'sk_test_0123456789abcdefABCDEF';
    expect(await verdict(test, 'checkout.session.async_payment_succeeded')).toMatchObject({
      ok: true,
      paid: true,
    });
    expect(
      await verdict(test, 'checkout.session.async_payment_failed', { ...session, payment_status: 'unpaid' }),
    ).toMatchObject({ ok: true, paid: false });
    expect(
      await verdict(test, 'checkout.session.expired', {
        ...session,
        status: 'expired',
        payment_status: 'unpaid',
      }),
    ).toMatchObject({ ok: true, paid: false, providerTradeNo: 'cs_test_a1' });
  });
});
