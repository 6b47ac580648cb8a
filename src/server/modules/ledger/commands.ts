import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../common/ledger/canonical.js';
import type { Actor } from '../../platform/actor.js';
import { AppError } from '../../platform/errors.js';
import { ledgerErrors } from './ledger.errors.js';
import type { TransferType } from './ledger.tables.js';

/**
 * What other modules ask of the ledger. Every command carries its own id, chosen by the caller: the
 * idempotency key (TigerBeetle's contract). Amounts are signed minor units: negative debits an account,
 * positive credits it; the legs of a transfer sum to zero in each currency.
 */
export interface Leg {
  accountId: string;
  amount: number;
}

/** Why money moved: the business object it belongs to. */
export interface Cause {
  /** `order`, `payment`, `membership`, `ticket`, `adjustment`, `promotion`, `expiry`, `refund`, `topup`, … */
  type: string;
  id: string;
}

/** The human reason: a code rendered in the reader's language with its parameters. */
export interface Reason {
  code: string;
  params?: Readonly<Record<string, string | number>>;
}

interface CommandBase {
  id: string;
  cause: Cause;
  reason: Reason;
  actor: Actor;
}

export type LedgerCommand =
  | (CommandBase & { type: 'transfer'; legs: readonly Leg[]; correctsId?: string })
  | (CommandBase & { type: 'hold'; legs: readonly Leg[]; expiresAt?: Date })
  | (CommandBase & { type: 'post'; pendingId: string; legs?: readonly Leg[] })
  | (CommandBase & { type: 'void'; pendingId: string })
  | (CommandBase & { type: 'expire'; pendingId: string });

export const MAX_LEGS = 16;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const CODE = /^[a-z][a-z0-9_.]{0,63}$/;

function invalid(problem: string): AppError {
  return new AppError(ledgerErrors.LEDGER_INVALID_TRANSFER, { problem });
}

/** Shape checks: a malformed command is a programming error, refused at once and never recorded. */
export function assertWellFormed(command: LedgerCommand): void {
  if (!ID.test(command.id)) throw invalid(`id "${command.id}" must be 1–128 of [A-Za-z0-9_.:-]`);
  if (!CODE.test(command.cause.type) || !command.cause.id || command.cause.id.length > 128)
    throw invalid('bad cause');
  if (!CODE.test(command.reason.code)) throw invalid(`reason code "${command.reason.code}"`);
  for (const [key, value] of Object.entries(command.reason.params ?? {})) {
    if (
      typeof value === 'number'
        ? !Number.isSafeInteger(value)
        : typeof value !== 'string' || value.length > 200
    ) {
      throw invalid(`reason parameter ${key} must be a short string or a safe integer`);
    }
  }
  if ('pendingId' in command && !ID.test(command.pendingId)) throw invalid('bad pendingId');
  const legs = 'legs' in command ? command.legs : undefined;
  if (legs === undefined) return;
  if (legs.length === 0 || legs.length > MAX_LEGS) throw invalid(`1–${MAX_LEGS} legs`);
  const seen = new Set<string>();
  for (const leg of legs) {
    if (!Number.isSafeInteger(leg.amount) || leg.amount === 0)
      throw invalid(`amount ${leg.amount} must be a non-zero safe integer`);
    if (seen.has(leg.accountId)) throw invalid(`account ${leg.accountId} appears twice`);
    seen.add(leg.accountId);
  }
  if (command.type !== 'post' && legs.length < 2) throw invalid('a transfer has at least two legs');
}

/**
 * SHA-256 of everything the command asks, in canonical form: the same id with the same request replays
 * the first result; with a different request it is a conflict.
 */
export function requestHash(command: LedgerCommand): string {
  const legs = 'legs' in command && command.legs ? command.legs.map((l) => [l.accountId, l.amount]) : null;
  const body = canonicalJson([
    command.type,
    legs,
    'pendingId' in command ? command.pendingId : null,
    command.type === 'transfer' ? (command.correctsId ?? null) : null,
    command.type === 'hold' ? (command.expiresAt?.toISOString() ?? null) : null,
    command.cause.type,
    command.cause.id,
    command.reason.code,
    { ...(command.reason.params ?? {}) },
    command.actor.type,
    command.actor.id,
  ]);
  return createHash('sha256').update(body).digest('hex');
}

export function pendingIdOf(command: LedgerCommand): string | null {
  return 'pendingId' in command ? command.pendingId : null;
}

export function typeOf(command: LedgerCommand): TransferType {
  return command.type;
}
