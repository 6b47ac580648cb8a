/** Tables owned by the platform layer. Times are UTC ISO 8601 text (ADR 0002); JSON is text. */

export type JobStatus = 'pending' | 'running' | 'succeeded' | 'dead';

export interface JobsTable {
  id: string;
  name: string;
  payload: string;
  /** Unique when set: enqueueing the same logical job twice is a no-op (recurring slots, per-order timers). */
  dedupe_key: string | null;
  status: JobStatus;
  run_at: string;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
}

/**
 * `guest`: the buyer of a guest order (id = the order id); `api_key`: a merchant integration (id = the key
 * id). Both are recorded as what they are, never as the user who owns them.
 */
export type ActorType = 'user' | 'system' | 'guest' | 'api_key';

export interface AuditLogTable {
  id: string;
  at: string;
  actor_type: ActorType;
  actor_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  ip: string | null;
  summary: string;
  details: string;
}

export interface StateTransitionsTable {
  id: string;
  machine: string;
  entity_id: string;
  from_state: string | null;
  to_state: string;
  actor_type: ActorType;
  actor_id: string | null;
  reason_code: string;
  reason_note: string | null;
  at: string;
}

/**
 * HTTP `Idempotency-Key` records: the first successful response of a money- or stock-moving request,
 * stored in the request's own transaction, so a retry replays it and never repeats the effect.
 */
export interface IdempotencyKeysTable {
  /** Who sent the key (`usr_…`, `guest:<ip>`, `mak_…`) plus the route: keys never collide across callers. */
  scope: string;
  key: string;
  /** SHA-256 of method, route and body: the same key with another request is refused. */
  request_hash: string;
  status_code: number;
  response: string;
  created_at: string;
}

/** Shop-wide settings an admin changes in the console (fee rate, deposit minimum, windows), as JSON. */
export interface ShopSettingsTable {
  key: string;
  value: string;
  updated_at: string;
  updated_by: string | null;
}

export interface PlatformTables {
  idempotency_keys: IdempotencyKeysTable;
  shop_settings: ShopSettingsTable;
  jobs: JobsTable;
  audit_log: AuditLogTable;
  state_transitions: StateTransitionsTable;
}
