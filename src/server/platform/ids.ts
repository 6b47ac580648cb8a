import { randomFillSync } from 'node:crypto';

/**
 * Every stored entity has a prefixed, time-sortable id: `usr_01JD3Q…`. The body is a ULID (48-bit
 * millisecond time + 80 random bits, Crockford base32), monotonic within one process so that ids made
 * in the same millisecond still sort in creation order. The prefix makes an id self-describing in logs,
 * URLs and support tickets.
 */
export const ID_PREFIXES = {
  user: 'usr',
  emailChallenge: 'evc',
  loginAttempt: 'lgn',
  session: 'ses',
  audit: 'aud',
  job: 'job',
  transition: 'stt',
  request: 'req',
  ledgerAccount: 'acc',
  merchant: 'mer',
  apiKey: 'mak',
  category: 'cat',
  product: 'prd',
  cardKey: 'key',
  cardKeyBatch: 'kbt',
  payment: 'pay',
  paymentCallback: 'pcb',
  refund: 'rfd',
  order: 'ord',
  guestLookup: 'glf',
  orderMessage: 'msg',
  attachment: 'att',
  dispute: 'dsp',
  creditEvent: 'crd',
  payout: 'pyo',
  paymentChannel: 'pch',
  paymentAlert: 'pal',
} as const;
export type IdKind = keyof typeof ID_PREFIXES;
export type IdPrefix = (typeof ID_PREFIXES)[IdKind];

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 16;

let lastTime = -1;
let lastRandom: number[] = [];

function encodeTime(ms: number): string {
  let out = '';
  let rest = ms;
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[rest % 32]! + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/**
 * Random bytes are drawn from the system a page at a time: asking for 16 bytes per id cost more than
 * the rest of making the id (a call into the crypto binding each time).
 */
const randomPool = Buffer.alloc(4096);
let poolOffset = randomPool.length;

function freshRandom(): number[] {
  if (poolOffset + RANDOM_CHARS > randomPool.length) {
    randomFillSync(randomPool);
    poolOffset = 0;
  }
  const digits = new Array<number>(RANDOM_CHARS);
  for (let i = 0; i < RANDOM_CHARS; i++) digits[i] = randomPool[poolOffset + i]! & 31;
  poolOffset += RANDOM_CHARS;
  return digits;
}

/** Adds one to the base-32 random part; on the (astronomically rare) overflow, takes fresh randomness. */
function increment(digits: number[]): number[] {
  const next = [...digits];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i]! < 31) {
      next[i]!++;
      return next;
    }
    next[i] = 0;
  }
  return freshRandom();
}

export function ulid(nowMs: number = Date.now()): string {
  if (nowMs <= lastTime) {
    lastRandom = increment(lastRandom);
  } else {
    lastTime = nowMs;
    lastRandom = freshRandom();
  }
  return encodeTime(lastTime) + lastRandom.map((d) => ALPHABET[d]).join('');
}

export function newId(kind: IdKind, now: Date = new Date()): string {
  return `${ID_PREFIXES[kind]}_${ulid(now.getTime())}`;
}

const ID_BODY = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export function isId(kind: IdKind, value: string): boolean {
  const prefix = `${ID_PREFIXES[kind]}_`;
  return value.startsWith(prefix) && ID_BODY.test(value.slice(prefix.length));
}
