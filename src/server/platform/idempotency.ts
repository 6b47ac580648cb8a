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
  const requestHash = createHash('sha256').update(JSON.stringify(request.fingerprint)).digest('hex');
  return ctx.transact(async (trx) => {
    const claimed = await claimKey(trx, request.scope, key, requestHash, ctx.clock.now());
    if (!claimed) {
      const stored = await trx
        .selectFrom('idempotency_keys')
        .select(['request_hash', 'response'])
        .where('scope', '=', request.scope)
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      if (stored.request_hash !== requestHash) throw new AppError(platformErrors.IDEMPOTENCY_KEY_REUSED);
      return { body: JSON.parse(stored.response) as T, replayed: true };
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
