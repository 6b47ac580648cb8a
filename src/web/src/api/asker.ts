import { api } from './client.js';
import { isProblem } from './problem.js';

/**
 * Who is asking about an order from the buyer's side: the signed-in buyer (the session cookie), or a
 * guest (游客) with the 2-hour pass the order lookup returned. The guest's routes are the buyer's under
 * `/api/v1/guest/orders/{orderId}` with the pass in a header; a dispute step names the order instead of
 * the dispute, since a pass opens one order and nothing else.
 */
export type Asker = { kind: 'user' } | GuestAsker;

export interface GuestAsker {
  kind: 'guest';
  orderId: string;
  pass: string;
  /**
   * The server refused the pass (it lasts 2 hours; then every guest route answers 404 ORDER_NOT_FOUND):
   * the page asks for the query password again.
   */
  onPassRefused?: () => void;
}

export const SIGNED_IN: Asker = { kind: 'user' };

/** platform/guest-pass.ts reads the pass from this header. */
export const GUEST_PASS_HEADER = 'X-Guest-Pass';

/** Where the asker's orders are: `…/{orderId}/messages`, `…/{orderId}/dispute` hang below it. */
export function buyerOrdersBase(asker: Asker): string {
  return asker.kind === 'guest' ? '/api/v1/guest/orders' : '/api/v1/orders';
}

/** For query keys: a new pass reads afresh instead of showing what the refused one cached. */
export function askerKey(asker: Asker): string {
  return asker.kind === 'guest' ? `guest:${asker.pass}` : 'user';
}

type Method = Parameters<typeof api>[0];

/** One API call as `asker`: a guest's carries the pass, and a refused pass is reported to the page. */
export async function apiAs<T>(asker: Asker, method: Method, path: string, body?: unknown): Promise<T> {
  if (asker.kind === 'user') return api<T>(method, path, body);
  try {
    return await api<T>(method, path, body, { headers: { [GUEST_PASS_HEADER]: asker.pass } });
  } catch (error) {
    // On a guest route this code means the pass (expired, or never good), not a missing order.
    if (isProblem(error, 'ORDER_NOT_FOUND')) asker.onPassRefused?.();
    throw error;
  }
}
