import type { Page } from '../../common/pagination.js';
import { AppError, platformErrors } from './errors.js';

/**
 * Cursors are opaque to clients: base64url of the last item's id. Ids are time-sortable, so "newer than
 * / older than an id" is a keyset on the primary key: no OFFSET, stable under inserts.
 */
export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[a-z]{3}_[0-9A-Z]{26}$/.test(id)) {
    throw new AppError(platformErrors.VALIDATION_FAILED, { summary: 'cursor' });
  }
  return id;
}

/** Rows are fetched with `limit + 1`: the extra row only says whether another page exists. */
export function toPage<R, T>(
  rows: readonly R[],
  limit: number,
  idOf: (row: R) => string,
  map: (row: R) => T,
): Page<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(map),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor(idOf(last)) : null,
  };
}
