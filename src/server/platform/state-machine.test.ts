import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDialect,
  type TestDatabase,
} from '../../../tests/helpers/databases.js';
import { SYSTEM_ACTOR, userActor } from './actor.js';
import { isAppError, platformErrors } from './errors.js';
import {
  applyTransition,
  defineStateMachine,
  listTransitions,
  recordInitialState,
  StateMachineDefinitionError,
} from './state-machine.js';

const order = defineStateMachine({
  name: 'test-order',
  initial: 'created',
  transitions: {
    created: ['paid', 'expired'],
    paid: ['delivered', 'refunded'],
    delivered: ['settled', 'refunded'],
    settled: [],
    refunded: [],
    expired: [],
  },
});

describe('defineStateMachine', () => {
  it('knows its edges and terminal states', () => {
    expect(order.canTransition('created', 'paid')).toBe(true);
    expect(order.canTransition('created', 'settled')).toBe(false);
    expect(order.canTransition('settled', 'refunded')).toBe(false);
    expect(order.isTerminal('settled')).toBe(true);
    expect(order.isTerminal('paid')).toBe(false);
  });

  it('refuses a table that names an undeclared state', () => {
    expect(() =>
      defineStateMachine({
        name: 'bad',
        initial: 'a',
        transitions: { a: ['b' as 'a'] },
      }),
    ).toThrow(StateMachineDefinitionError);
  });

  it('refuses states that cannot be reached from the initial one', () => {
    const transitions: Record<'a' | 'orphan', readonly ('a' | 'orphan')[]> = { a: [], orphan: ['a'] };
    expect(() => defineStateMachine({ name: 'bad', initial: 'a', transitions })).toThrow(/unreachable/);
  });

  it('refuses self-loops and duplicate targets', () => {
    expect(() => defineStateMachine({ name: 'bad', initial: 'a', transitions: { a: ['a'] } })).toThrow(
      /must change/,
    );
    expect(() =>
      defineStateMachine({ name: 'bad', initial: 'a', transitions: { a: ['b', 'b'], b: [] } }),
    ).toThrow(/twice/);
  });
});

describeEachDialect('applyTransition', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => {
    await database.destroy();
  });
  const now = new Date('2026-11-22T08:00:00.000Z');

  it('records who, when and why for every step, starting with the creation', async () => {
    const db = database.handle.db;
    await recordInitialState(db, now, order, 'ord_1', userActor('usr_buyer'), { code: 'checkout' });
    await applyTransition(
      db,
      now,
      order,
      {
        entityId: 'ord_1',
        from: 'created',
        to: 'paid',
        actor: SYSTEM_ACTOR,
        reason: { code: 'payment_confirmed' },
      },
      () => Promise.resolve(1),
    );
    const timeline = await listTransitions(db, 'test-order', 'ord_1');
    expect(timeline.map((t) => [t.from, t.to, t.reasonCode, t.actor.id])).toEqual([
      [null, 'created', 'checkout', 'usr_buyer'],
      ['created', 'paid', 'payment_confirmed', 'system'],
    ]);
  });

  it('refuses an edge that is not in the table, without touching the entity', async () => {
    let updated = false;
    const attempt = applyTransition(
      database.handle.db,
      now,
      order,
      { entityId: 'ord_2', from: 'created', to: 'settled', actor: SYSTEM_ACTOR, reason: { code: 'x' } },
      () => {
        updated = true;
        return Promise.resolve(1);
      },
    );
    await expect(attempt).rejects.toSatisfy((error) =>
      isAppError(error, platformErrors.STATE_TRANSITION_INVALID),
    );
    expect(updated).toBe(false);
  });

  it('reports a lost race as STATE_CONFLICT and records nothing', async () => {
    const attempt = applyTransition(
      database.handle.db,
      now,
      order,
      { entityId: 'ord_3', from: 'created', to: 'paid', actor: SYSTEM_ACTOR, reason: { code: 'x' } },
      () => Promise.resolve(0n),
    );
    await expect(attempt).rejects.toSatisfy((error) => isAppError(error, platformErrors.STATE_CONFLICT));
    expect(await listTransitions(database.handle.db, 'test-order', 'ord_3')).toEqual([]);
  });
});
