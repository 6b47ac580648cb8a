import type { ResponseStatsView } from '../../../common/api/chat.js';
import { addMs, DAY_MS, HOUR_MS } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import { firstResponsesOfMerchant } from './chat.repository.js';

export const RESPONSE_WINDOW_MS = 90 * DAY_MS;
/** An unanswered conversation counts as this long at most: silence shows, but one lost chat is not forever. */
export const UNANSWERED_CAP_MS = 72 * HOUR_MS;

/**
 * A shop's median first-response time (issue 5; shown on the shop page, an input of the credit score).
 * Each conversation whose first buyer message is from the last 90 days counts once: the time from that
 * message to the shop's first message after it, or, while unanswered, the time until `now` capped at
 * 72 h — so a shop cannot look quick by ignoring the hard questions.
 */
export async function merchantResponseStats(
  db: Db,
  merchantId: string,
  now: Date,
): Promise<ResponseStatsView> {
  const conversations = await firstResponsesOfMerchant(db, merchantId, addMs(now, -RESPONSE_WINDOW_MS));
  const times = conversations.map(({ askedAt, answeredAt }) => {
    const asked = Date.parse(askedAt);
    const waited =
      answeredAt === null
        ? Math.min(now.getTime() - asked, UNANSWERED_CAP_MS)
        : Date.parse(answeredAt) - asked;
    return Math.max(0, waited);
  });
  return { medianFirstResponseMs: median(times), conversations: times.length };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2);
}
