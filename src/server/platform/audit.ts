import type { Selectable } from 'kysely';
import type { Page, PageQuery } from '../../common/pagination.js';
import type { Actor } from './actor.js';
import { toStoredTime } from './clock.js';
import type { Db } from './context.js';
import { newId } from './ids.js';
import { decodeCursor, toPage } from './pagination.js';
import type { AuditLogTable } from './platform.tables.js';

/**
 * The append-only audit log of privileged actions (PRODUCT.md P1). Written in the same transaction as
 * the action it records, so neither exists without the other; database triggers refuse UPDATE and
 * DELETE on the table. `details` must never carry secrets.
 */
export interface AuditEntry {
  actor: Actor;
  action: string;
  target: { type: string; id: string | null };
  ip: string | null;
  summary: string;
  details?: Readonly<Record<string, unknown>>;
}

export interface AuditRecord extends Omit<AuditEntry, 'details'> {
  id: string;
  at: string;
  details: Readonly<Record<string, unknown>>;
}

export async function recordAudit(db: Db, now: Date, entry: AuditEntry): Promise<string> {
  const id = newId('audit', now);
  await db
    .insertInto('audit_log')
    .values({
      id,
      at: toStoredTime(now),
      actor_type: entry.actor.type,
      actor_id: entry.actor.id,
      action: entry.action,
      target_type: entry.target.type,
      target_id: entry.target.id,
      ip: entry.ip,
      summary: entry.summary,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
  return id;
}

export interface AuditFilter {
  actorId?: string | undefined;
  targetId?: string | undefined;
  action?: string | undefined;
}

export async function listAuditLog(db: Db, filter: AuditFilter, page: PageQuery): Promise<Page<AuditRecord>> {
  const before = decodeCursor(page.cursor);
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(page.limit + 1);
  if (before) query = query.where('id', '<', before);
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.targetId) query = query.where('target_id', '=', filter.targetId);
  if (filter.action) query = query.where('action', '=', filter.action);
  return toPage(await query.execute(), page.limit, (row) => row.id, rowToAuditRecord);
}

function rowToAuditRecord(row: Selectable<AuditLogTable>): AuditRecord {
  return {
    id: row.id,
    at: row.at,
    actor: { type: row.actor_type, id: row.actor_id ?? 'system' },
    action: row.action,
    target: { type: row.target_type, id: row.target_id },
    ip: row.ip,
    summary: row.summary,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
