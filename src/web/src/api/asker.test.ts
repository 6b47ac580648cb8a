import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GuestAsker } from './asker.js';
import { listMessages } from './chat.js';
import { acceptAnswer, getOrderDispute } from './disputes.js';
import { isProblem } from './problem.js';

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
}

/** Answers every request with `answer` and records what the client sent. */
function fakeServer(answer: { status: number; body: unknown }): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', (path: string, init: { method: string; headers: Record<string, string> }) => {
    sent.push({ method: init.method, path, headers: init.headers });
    return Promise.resolve(
      new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
  });
  return sent;
}

const problem = (code: string) => ({ status: 404, body: { status: 404, code, detail: '订单不存在' } });

describe('asking as a guest with the order pass', () => {
  let refused: number;
  let guest: GuestAsker;

  beforeEach(() => {
    refused = 0;
    guest = { kind: 'guest', orderId: 'ord_1', pass: 'ord_1.123.abc', onPassRefused: () => refused++ };
    // POSTs read the CSRF token from its cookie.
    vi.stubGlobal('document', { cookie: 'kameng_csrf=token-1' });
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("sends the guest's chat and dispute requests to the guest routes with the pass in a header", async () => {
    const sent = fakeServer({ status: 200, body: { items: [], nextCursor: null } });
    await listMessages('buyer', 'ord_1', null, guest);
    await getOrderDispute('ord_1', guest);
    expect(sent.map((request) => request.path)).toEqual([
      '/api/v1/guest/orders/ord_1/messages?limit=50',
      '/api/v1/guest/orders/ord_1/dispute',
    ]);
    expect(sent.every((request) => request.headers['X-Guest-Pass'] === 'ord_1.123.abc')).toBe(true);
  });

  it("names the order, not the dispute, in a guest's dispute step; a signed-in buyer's names the dispute", async () => {
    const sent = fakeServer({ status: 200, body: { id: 'dsp_1' } });
    await acceptAnswer('dsp_1', guest);
    await acceptAnswer('dsp_1');
    expect(sent.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /api/v1/guest/orders/ord_1/dispute/accept',
      'POST /api/v1/disputes/dsp_1/accept',
    ]);
    expect(sent[0]?.headers['X-CSRF-Token']).toBe('token-1');
    expect(sent[1]?.headers['X-Guest-Pass']).toBeUndefined();
  });

  it('tells the page when the server refuses the pass, and still fails the request', async () => {
    fakeServer(problem('ORDER_NOT_FOUND'));
    const failure: unknown = await listMessages('buyer', 'ord_1', null, guest).catch(
      (error: unknown) => error,
    );
    expect(isProblem(failure, 'ORDER_NOT_FOUND')).toBe(true);
    expect(refused).toBe(1);
  });

  it('does not take another "not found" for a refused pass', async () => {
    fakeServer(problem('DISPUTE_NOT_FOUND'));
    await expect(getOrderDispute('ord_1', guest)).rejects.toThrow();
    expect(refused).toBe(0);
  });
});
