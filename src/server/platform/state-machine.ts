import type { Actor } from './actor.js';
import { toStoredTime } from './clock.js';
import type { Db } from './context.js';
import { AppError, platformErrors } from './errors.js';
import { newId } from './ids.js';

/**
 * Lifecycles as data (STYLE.md rule 6, after Vendure): a transitions table per lifecycle, checked when it
 * is defined (at module load, i.e. start-up), one `applyTransition` that refuses edges not in the table,
 * applies the caller's conditional update, and records who, when and why in `state_transitions`.
 */
export interface StateMachine<S extends string> {
  readonly name: string;
  readonly initial: S;
  readonly states: readonly S[];
  readonly transitions: Readonly<Record<S, readonly S[]>>;
  canTransition(from: S, to: S): boolean;
  isTerminal(state: S): boolean;
}

export class StateMachineDefinitionError extends Error {
  override name = 'StateMachineDefinitionError';
}

export function defineStateMachine<const S extends string>(definition: {
  name: string;
  initial: S;
  transitions: Readonly<Record<S, readonly S[]>>;
}): StateMachine<S> {
  const { name, initial, transitions } = definition;
  const states = Object.keys(transitions) as S[];
  const fail = (problem: string): never => {
    throw new StateMachineDefinitionError(`state machine ${name}: ${problem}`);
  };
  if (!states.includes(initial)) fail(`initial state ${initial} is not declared`);
  for (const from of states) {
    const targets = transitions[from];
    if (new Set(targets).size !== targets.length) fail(`${from} lists a target twice`);
    for (const to of targets) {
      if (!states.includes(to)) fail(`${from} → ${to}: ${to} is not declared`);
      if (to === from) fail(`${from} → ${from}: a transition must change the state`);
    }
  }
  const reachable = new Set<S>([initial]);
  const frontier: S[] = [initial];
  while (frontier.length > 0) {
    for (const to of transitions[frontier.pop()!]) {
      if (!reachable.has(to)) {
        reachable.add(to);
        frontier.push(to);
      }
    }
  }
  const unreachable = states.filter((state) => !reachable.has(state));
  if (unreachable.length > 0) fail(`unreachable from ${initial}: ${unreachable.join(', ')}`);

  return Object.freeze({
    name,
    initial,
    states,
    transitions,
    canTransition: (from: S, to: S) => states.includes(from) && transitions[from].includes(to),
    isTerminal: (state: S) => transitions[state].length === 0,
  });
}

export interface TransitionReason {
  /** Stable machine-readable reason, e.g. `admin_disabled`. */
  code: string;
  /** Free text written by a person (an admin's reason), kept verbatim. */
  note?: string | null;
}

export interface TransitionRequest<S extends string> {
  entityId: string;
  from: S;
  to: S;
  actor: Actor;
  reason: TransitionReason;
}

/**
 * Moves an entity along one edge. `updateIfStill` performs the entity's own conditional update
 * (`… WHERE id = ? AND status = from`) and returns how many rows changed: 0 means a concurrent change
 * won, and nothing is recorded.
 */
export async function applyTransition<S extends string>(
  db: Db,
  now: Date,
  machine: StateMachine<S>,
  request: TransitionRequest<S>,
  updateIfStill: () => Promise<number | bigint>,
): Promise<void> {
  if (!machine.canTransition(request.from, request.to)) {
    throw new AppError(platformErrors.STATE_TRANSITION_INVALID, { from: request.from, to: request.to });
  }
  const changed = await updateIfStill();
  if (Number(changed) !== 1) throw new AppError(platformErrors.STATE_CONFLICT);
  await insertTransition(
    db,
    now,
    machine.name,
    request.entityId,
    request.from,
    request.to,
    request.actor,
    request.reason,
  );
}

/** Records an entity's birth in its initial state, so its timeline starts with who created it and why. */
export async function recordInitialState<S extends string>(
  db: Db,
  now: Date,
  machine: StateMachine<S>,
  entityId: string,
  actor: Actor,
  reason: TransitionReason,
): Promise<void> {
  await insertTransition(db, now, machine.name, entityId, null, machine.initial, actor, reason);
}

/**
 * The path of an entity created in its final state by a batch (an order bought and delivered in one go):
 * every step is checked against its machine as `applyTransition` would, then all are recorded in one
 * insert. The caller writes the entity rows themselves in the state the last step names.
 */
export interface RecordedStep {
  machine: StateMachine<string>;
  entityId: string;
  /** null: the entity's birth, into its machine's initial state. */
  from: string | null;
  to: string;
  actor: Actor;
  reason: TransitionReason;
}

export async function recordSteps(db: Db, now: Date, steps: readonly RecordedStep[]): Promise<void> {
  if (steps.length === 0) return;
  for (const step of steps) {
    const allowed =
      step.from === null ? step.to === step.machine.initial : step.machine.canTransition(step.from, step.to);
    if (!allowed)
      throw new AppError(platformErrors.STATE_TRANSITION_INVALID, { from: step.from ?? '∅', to: step.to });
  }
  await db
    .insertInto('state_transitions')
    .values(steps.map((step) => transitionRow(now, { ...step, machine: step.machine.name })))
    .execute();
}

async function insertTransition(
  db: Db,
  now: Date,
  machine: string,
  entityId: string,
  from: string | null,
  to: string,
  actor: Actor,
  reason: TransitionReason,
): Promise<void> {
  await db
    .insertInto('state_transitions')
    .values(transitionRow(now, { machine, entityId, from, to, actor, reason }))
    .execute();
}

function transitionRow(
  now: Date,
  step: {
    machine: string;
    entityId: string;
    from: string | null;
    to: string;
    actor: Actor;
    reason: TransitionReason;
  },
) {
  return {
    id: newId('transition', now),
    machine: step.machine,
    entity_id: step.entityId,
    from_state: step.from,
    to_state: step.to,
    actor_type: step.actor.type,
    actor_id: step.actor.id,
    reason_code: step.reason.code,
    reason_note: step.reason.note ?? null,
    at: toStoredTime(now),
  };
}

export interface TransitionRecord {
  id: string;
  machine: string;
  from: string | null;
  to: string;
  actor: Actor;
  reasonCode: string;
  reasonNote: string | null;
  at: string;
}

export async function listTransitions(
  db: Db,
  machine: string,
  entityId: string,
): Promise<TransitionRecord[]> {
  return (await listTransitionsOf(db, machine, [entityId])).get(entityId) ?? [];
}

/**
 * The timelines of several entities in one query (a page of orders), each oldest first. Several machines
 * may share an entity id (an order and its dispute): their steps interleave in time.
 */
export async function listTransitionsOf(
  db: Db,
  machine: string | readonly string[],
  entityIds: readonly string[],
): Promise<Map<string, TransitionRecord[]>> {
  const timelines = new Map<string, TransitionRecord[]>(entityIds.map((id) => [id, []]));
  if (entityIds.length === 0) return timelines;
  const machines = typeof machine === 'string' ? [machine] : machine;
  const rows = await db
    .selectFrom('state_transitions')
    .selectAll()
    .where('machine', 'in', machines)
    .where('entity_id', 'in', entityIds)
    .orderBy('id')
    .execute();
  for (const row of rows)
    timelines.get(row.entity_id)?.push({
      id: row.id,
      machine: row.machine,
      from: row.from_state,
      to: row.to_state,
      actor: { type: row.actor_type, id: row.actor_id ?? 'system' },
      reasonCode: row.reason_code,
      reasonNote: row.reason_note,
      at: row.at,
    });
  return timelines;
}
