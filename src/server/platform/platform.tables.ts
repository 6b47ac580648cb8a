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

export type ActorType = 'user' | 'system';

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

export interface PlatformTables {
  jobs: JobsTable;
  audit_log: AuditLogTable;
  state_transitions: StateTransitionsTable;
}
