/**
 * Money is an integer count of minor units (分 for CNY, whole 钻 for ZUAN), never a float. Amounts are
 * checked at every boundary to stay within Number.MAX_SAFE_INTEGER so arithmetic on them is exact.
 */
export const CURRENCIES = {
  CNY: { minorDigits: 2, symbol: '¥' },
  ZUAN: { minorDigits: 0, symbol: '钻' },
} as const;
export type Currency = keyof typeof CURRENCIES;

export interface Money {
  readonly amount: number;
  readonly currency: Currency;
}

export class MoneyError extends Error {
  override name = 'MoneyError';
}

export function isCurrency(value: unknown): value is Currency {
  return typeof value === 'string' && Object.hasOwn(CURRENCIES, value);
}

export function assertMinorUnits(amount: unknown, what = 'amount'): asserts amount is number {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount)) {
    throw new MoneyError(`${what} must be a safe integer number of minor units, got ${String(amount)}`);
  }
}

export function money(amount: number, currency: Currency): Money {
  assertMinorUnits(amount);
  return { amount, currency };
}

/** Exact addition; refuses to leave the safe-integer range instead of silently rounding. */
export function addMinor(a: number, b: number): number {
  assertMinorUnits(a, 'left operand');
  assertMinorUnits(b, 'right operand');
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) throw new MoneyError(`sum ${a} + ${b} leaves the safe-integer range`);
  return sum;
}

export function sumMinor(amounts: Iterable<number>): number {
  let total = 0;
  for (const amount of amounts) total = addMinor(total, amount);
  return total;
}

/**
 * Formats at the edge only: `formatMoney(1230, 'CNY')` → `¥12.30`, `formatMoney(120, 'ZUAN')` → `120 钻`.
 * Digits are produced from integers with string operations, so no float ever touches the amount.
 */
export function formatMoney(amount: number, currency: Currency): string {
  assertMinorUnits(amount);
  const { minorDigits, symbol } = CURRENCIES[currency];
  const sign = amount < 0 ? '-' : '';
  const digits = Math.abs(amount)
    .toString()
    .padStart(minorDigits + 1, '0');
  const whole = digits.slice(0, digits.length - minorDigits) || '0';
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = minorDigits > 0 ? `.${digits.slice(digits.length - minorDigits)}` : '';
  return currency === 'ZUAN'
    ? `${sign}${grouped}${fraction} ${symbol}`
    : `${sign}${symbol}${grouped}${fraction}`;
}

/**
 * Parses a decimal string typed by a person ("12.3", "-0.05", "1,234.50") into minor units without floats.
 * More fraction digits than the currency has is an error, never a rounding (acg-faka#964).
 */
export function parseMoney(text: string, currency: Currency): number {
  const { minorDigits } = CURRENCIES[currency];
  const match = /^\s*(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*$/.exec(text);
  if (!match) throw new MoneyError(`"${text}" is not a decimal amount`);
  const [, sign, wholeRaw = '', fraction = ''] = match;
  if (fraction.length > minorDigits) {
    throw new MoneyError(`"${text}" has more than ${minorDigits} decimal places for ${currency}`);
  }
  const minor = BigInt(wholeRaw.replaceAll(',', '') + fraction.padEnd(minorDigits, '0'));
  const signed = sign === '-' ? -minor : minor;
  if (signed > BigInt(Number.MAX_SAFE_INTEGER) || signed < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new MoneyError(`"${text}" is out of range`);
  }
  return Number(signed);
}

/** What a person types into a form: `parseMoney`, with null instead of an error for bad input. */
export function moneyFromInput(text: string, currency: Currency): number | null {
  try {
    return parseMoney(text, currency);
  } catch {
    return null;
  }
}

/** The plain decimal a form starts from (50000 分 → "500.00"): no symbol, no grouping, no float. */
export function moneyToInput(amount: number, currency: Currency): string {
  const { minorDigits } = CURRENCIES[currency];
  const digits = Math.abs(amount)
    .toString()
    .padStart(minorDigits + 1, '0');
  const whole = digits.slice(0, digits.length - minorDigits);
  const fraction = minorDigits > 0 ? `.${digits.slice(digits.length - minorDigits)}` : '';
  return `${amount < 0 ? '-' : ''}${whole}${fraction}`;
}
