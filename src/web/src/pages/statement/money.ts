import type { StatementLine } from '../../../../common/api/ledger.js';
import { formatMoney, type Currency } from '../../../../common/money.js';

/** `+¥45.00`, `-¥30.00`, `+500 钻`: a statement amount always shows its direction. */
export function formatSignedMoney(amount: number, currency: Currency): string {
  return amount > 0 ? `+${formatMoney(amount, currency)}` : formatMoney(amount, currency);
}

/**
 * Which colour an amount reads in: money in or out for posted lines. A hold or release does not move the
 * balance, only what is available, so it stays neutral and its tag says what happened.
 */
export function amountTone(line: Pick<StatementLine, 'kind' | 'amount'>): 'in' | 'out' | 'neutral' {
  if (line.kind !== 'posted' || line.amount === 0) return 'neutral';
  return line.amount > 0 ? 'in' : 'out';
}
