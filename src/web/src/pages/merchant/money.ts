import { parseMoney } from '../../../../common/money.js';

/** 分 → the plain decimal a person types ("500.00"), by string operations: no float touches it. */
export function yuanText(minor: number): string {
  const digits = Math.abs(minor).toString().padStart(3, '0');
  return `${minor < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** A typed yuan amount in 分, or null when it is not a positive amount with at most two decimals. */
export function parseYuan(text: string): number | null {
  try {
    const minor = parseMoney(text, 'CNY');
    return minor > 0 ? minor : null;
  } catch {
    return null;
  }
}
