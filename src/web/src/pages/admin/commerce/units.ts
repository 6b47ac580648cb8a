/**
 * The settings screen shows people percentages while the API speaks basis points. The conversion goes
 * through strings and integers only, so 3.5 % is exactly 350 bps. (Yuan ⇄ 分: common/money.ts.)
 */
const PERCENT = /^\s*(\d{1,3})(?:\.(\d{1,2}))?\s*%?\s*$/;

/** "3.5" or "3.50 %" → 350; null for anything that is not a percentage with at most two decimals. */
export function percentToBps(text: string): number | null {
  const match = PERCENT.exec(text);
  if (!match) return null;
  const [, whole = '0', fraction = ''] = match;
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** 350 → "3.50". */
export function bpsToPercent(bps: number): string {
  return `${Math.floor(bps / 100)}.${String(bps % 100).padStart(2, '0')}`;
}
