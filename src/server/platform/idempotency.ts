import { createHash } from 'node:crypto';
import { toStoredTime } from './clock.js';
import type { Db, ServiceContext, Trx } from './context.js';
import { AppError, platformErrors } from './errors.js';

/**
 * `Idempotency-Key` for requests that move money or stock (ARCHITECTURE.md "API"): the first successful
 * response is stored in the request's own transaction, so the key exists exactly when the effect does.
 * A retry with the same key and the same request gets that response again, marked as a replay; with a
 * different request it is refused. Two concurrent requests with one key cannot both act: on PostgreSQL
 * the second insert waits on the unique key until the first commits, then finds it; on SQLite writers
 * are serialized. A request that fails stores nothing, so retrying it after fixing the cause works.
 */
export interface IdempotentRequest {
  /** Who is asking (`usr_…`, `mak_…`, `anon:<ip>`) and which operation: keys never collide across them. */
  scope: string;
  key: string | undefined;
  /** Everything that makes the request what it is: method, path, body. */
  fingerprint: unknown;
  /** The status the route answers with on success, stored with the response for the audit trail. */
  statusCode: number;
}

export interface IdempotentResult<T> {
  body: T;
  replayed: boolean;
}

const KEY = /^[\x21-\x7e]{1,128}$/;

export function assertIdempotencyKey(key: string | undefined): void {
  if (key !== undefined && !KEY.test(key)) throw new AppError(platformErrors.IDEMPOTENCY_KEY_INVALID);
}

export async function runIdempotent<T>(
  ctx: ServiceContext,
  request: IdempotentRequest,
  work: (trx: Trx) => Promise<T>,
): Promise<IdempotentResult<T>> {
  const { key } = request;
  if (key === undefined) return { body: await ctx.transact(work), replayed: false };
  assertIdempotencyKey(key);
  const requestHash = fingerprintHash(request);
  return ctx.transact(async (trx) => {
    const claimed = await claimKey(trx, request.scope, key, requestHash, ctx.clock.now());
    if (!claimed) {
      const stored = await trx
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'response'])
        .where('scope', '=', request.scope)
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      const answer = replayOf<T>(stored, requestHash);
      if (answer instanceof AppError) throw answer;
      return answer;
    }
    const body = await work(trx);
    await trx
      .updateTable('idempotency_keys')
      .set({ response: JSON.stringify(body), status_code: request.statusCode })
      .where('scope', '=', request.scope)
      .where('key', '=', key)
      .execute();
    return { body, replayed: false };
  });
}

/** The stored first answer, or the refusal of a key reused for a different request. */
function replayOf<T>(
  stored: { request_hash: string; response: string },
  requestHash: string,
): IdempotentResult<T> | AppError {
  if (stored.request_hash !== requestHash) return new AppError(platformErrors.IDEMPOTENCY_KEY_REUSED);
  return { body: JSON.parse(stored.response) as T, replayed: true };
}

function fingerprintHash(request: IdempotentRequest): string {
  return createHash('sha256').update(JSON.stringify(request.fingerprint)).digest('hex');
}

/**
 * For requests a batch takes together (ADR 0010), each as `runIdempotent` would see it: the stored first
 * answer to replay, the refusal of a key reused for another request, or undefined — not answered yet.
 */
export async function storedAnswers(
  trx: Trx,
  requests: readonly IdempotentRequest[],
): Promise<Array<IdempotentResult<unknown> | AppError | undefined>> {
  const keyed = requests.filter((r): r is IdempotentRequest & { key: string } => r.key !== undefined);
  for (const request of keyed) assertIdempotencyKey(request.key);
  const rows =
    keyed.length === 0
      ? []
      : await trx
          .selectFrom('idempotency_keys')
          .select(['scope', 'key', 'request_hash', 'response'])
          .where((eb) => eb.or(keyed.map((r) => eb.and([eb('scope', '=', r.scope), eb('key', '=', r.key)]))))
          .execute();
  const stored = new Map(rows.map((row) => [`${row.scope}\n${row.key}`, row]));
  return requests.map((request) => {
    const row = request.key === undefined ? undefined : stored.get(`${request.scope}\n${request.key}`);
    return row && replayOf<unknown>(row, fingerprintHash(request));
  });
}

/**
 * Stores the answers of a batch's requests in its transaction. A key another transaction stored
 * meanwhile (PostgreSQL: a retry that ran alone) makes this throw, and the batch's requests run alone.
 */
export async function storeAnswers(
  trx: Trx,
  now: Date,
  answers: ReadonlyArray<{ request: IdempotentRequest; body: unknown }>,
): Promise<void> {
  const keyed = answers.filter((a) => a.request.key !== undefined);
  if (keyed.length === 0) return;
  const stored = await trx
    .insertInto('idempotency_keys')
    .values(
      keyed.map(({ request, body }) => ({
        scope: request.scope,
        key: request.key!,
        request_hash: fingerprintHash(request),
        status_code: request.statusCode,
        response: JSON.stringify(body),
        created_at: toStoredTime(now),
      })),
    )
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .execute();
  if (stored.length !== keyed.length) throw new Error('an idempotency key was taken by another transaction');
}

async function claimKey(db: Db, scope: string, key: string, requestHash: string, now: Date) {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      scope,
      key,
      request_hash: requestHash,
      status_code: 0,
      response: 'null',
      created_at: toStoredTime(now),
    })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Keys are kept a day: long enough for any client retry, short enough to keep the table small. */
export async function deleteIdempotencyKeysBefore(db: Db, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('idempotency_keys')
    .where('created_at', '<', toStoredTime(before))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
