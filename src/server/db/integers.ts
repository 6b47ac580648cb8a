/**
 * Both engines hand 64-bit integers to us as BigInt or text. Amounts are bounded by
 * Number.MAX_SAFE_INTEGER at the API boundary, so anything outside that range here means corruption or a
 * bug: fail loudly instead of rounding.
 */
export class IntegerOverflowError extends Error {
  override name = 'IntegerOverflowError';
}

export function toSafeNumber(value: bigint | string, column = 'value'): number {
  const big = typeof value === 'bigint' ? value : BigInt(value);
  if (big > BigInt(Number.MAX_SAFE_INTEGER) || big < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new IntegerOverflowError(`${column} = ${big} is outside the safe integer range`);
  }
  return Number(big);
}
