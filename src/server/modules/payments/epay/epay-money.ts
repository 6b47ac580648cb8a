/**
 * epay writes money as yuan with two decimals (`money=12.30`). Converted to and from 分 with string and
 * integer operations only: a float never touches an amount (STYLE.md rule 7).
 */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not an amount in fen: ${fen}`);
  return `${Math.trunc(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

/**
 * `12.30`, `12.3` and `12` are 1230 fen; anything else (a sign, an exponent, a third decimal, spaces,
 * more digits than an amount can have) is null rather than a guess.
 */
export function yuanToFen(text: string): number | null {
  const match = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const [, yuan = '0', fraction = ''] = match;
  return Number(yuan) * 100 + Number(fraction.padEnd(2, '0'));
}
