import type { TFunction } from 'i18next';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** 「12 分钟」/ "12 min" up to an hour, whole hours after that (rounded up: never quicker than it was). */
export function formatResponseTime(ms: number, t: TFunction): string {
  if (ms < MINUTE_MS) return t('chat.responseTime.lessThanMinute');
  if (ms < HOUR_MS) return t('chat.responseTime.minutes', { count: Math.ceil(ms / MINUTE_MS) });
  return t('chat.responseTime.hours', { count: Math.ceil(ms / HOUR_MS) });
}
