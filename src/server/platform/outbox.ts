import type { Db } from './context.js';
import { seal, unseal, type KeyRing } from './crypto.js';
import { enqueueJobs, NonRetryableJobError, type JobDefinition, type JobHandler } from './jobs.js';

/**
 * The transactional outbox. A use case publishes an event in its own transaction; the event is a row in
 * the jobs table named `outbox.<topic>`, so it exists exactly when the change commits, and the job runner
 * (woken by the commit) delivers it after commit with leases, retries and backoff. One consumer per
 * topic; delivery is at-least-once, so consumers are idempotent. Why the jobs table: ADR 0003.
 *
 * A confidential event (an email carrying a one-time code) is stored sealed with AES-256-GCM under the
 * `outbox` subkey, bound to its topic: reading the jobs table does not reveal it.
 */
export interface OutboxEvent {
  topic: string;
  payload: unknown;
  /** Makes publishing idempotent: the same key publishes once. */
  dedupeKey?: string;
  confidential?: boolean;
}

interface SealedPayload {
  sealed: string;
}

const OUTBOX_KEY = 'outbox';

export async function publish(db: Db, now: Date, keys: KeyRing, event: OutboxEvent): Promise<void> {
  await publishAll(db, now, keys, [event]);
}

/** Several events in one insert (a batch of orders, each with its email). */
export async function publishAll(
  db: Db,
  now: Date,
  keys: KeyRing,
  events: readonly OutboxEvent[],
): Promise<void> {
  await enqueueJobs(
    db,
    now,
    events.map((event) => ({
      name: outboxJobName(event.topic),
      payload: event.confidential
        ? ({
            sealed: seal(keys.subkey(OUTBOX_KEY), JSON.stringify(event.payload), event.topic),
          } satisfies SealedPayload)
        : event.payload,
      ...(event.dedupeKey === undefined ? {} : { dedupeKey: `outbox.${event.topic}:${event.dedupeKey}` }),
    })),
  );
}

/** A consumer receives the payload as published, unsealed if it was confidential. */
export function defineConsumer(topic: string, handler: JobHandler): JobDefinition {
  return {
    name: outboxJobName(topic),
    handler: async (ctx, payload) => {
      if (isSealed(payload)) {
        let opened: unknown;
        try {
          opened = JSON.parse(unseal(ctx.keys.subkey(OUTBOX_KEY), payload.sealed, topic));
        } catch (error) {
          // Wrong master key or tampered row: retrying cannot help.
          throw new NonRetryableJobError(`cannot open sealed ${topic} event: ${String(error)}`);
        }
        return handler(ctx, opened);
      }
      return handler(ctx, payload);
    },
  };
}

function isSealed(payload: unknown): payload is SealedPayload {
  return (
    typeof payload === 'object' && payload !== null && typeof (payload as SealedPayload).sealed === 'string'
  );
}

function outboxJobName(topic: string): string {
  return `outbox.${topic}`;
}
