import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  createTestDatabase,
  describeEachDialect,
  type TestDatabase,
} from '../../../tests/helpers/databases.js';
import { SQLITE_FILE_NAME } from './connect.js';
import { IntegerOverflowError } from './integers.js';
import { migrateToLatest, schemaStatus } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';

const execFileAsync = promisify(execFile);

describeEachDialect('database layer', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect, { migrate: false });
  });
  afterAll(async () => {
    await database.destroy();
  });

  it('migrates an empty database to the latest schema, and a second run applies nothing', async () => {
    expect((await schemaStatus(database.handle.db)).version).toBeNull();
    const applied = await migrateToLatest(database.handle.db);
    expect(applied).toEqual(Object.keys(MIGRATIONS));
    expect(await migrateToLatest(database.handle.db)).toEqual([]);
    const status = await schemaStatus(database.handle.db);
    expect(status).toEqual({
      version: Object.keys(MIGRATIONS).at(-1),
      applied: Object.keys(MIGRATIONS).length,
      pending: [],
    });
  });

  it('migrates once when several processes start together', async () => {
    const other = await createTestDatabase(dialect, { migrate: false });
    try {
      const env = {
        ...process.env,
        KAMENG_DATA_DIR: other.dataDir,
        DATABASE_URL: other.databaseUrl ?? '',
        KAMENG_LOG_LEVEL: 'silent',
      };
      const outputs = await Promise.all(
        [1, 2, 3].map(() =>
          execFileAsync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'db:migrate'], { env }),
        ),
      );
      const applied = outputs.filter((o) => o.stdout.includes('applied:'));
      expect(applied).toHaveLength(1);
      expect(outputs.filter((o) => o.stdout.includes('nothing to apply'))).toHaveLength(2);
      expect((await schemaStatus(other.handle.db)).pending).toEqual([]);
    } finally {
      await other.destroy();
    }
  });

  it('refuses integers beyond 2^53 instead of rounding them', async () => {
    await expect(sql`select 9007199254740993 as n`.execute(database.handle.db)).rejects.toThrow(
      IntegerOverflowError,
    );
    const ok = await sql<{ n: number }>`select 9007199254740991 as n`.execute(database.handle.db);
    expect(ok.rows[0]?.n).toBe(Number.MAX_SAFE_INTEGER);
    expect(typeof ok.rows[0]?.n).toBe('number');
  });

  it('enforces the CHECK constraints on states', async () => {
    await expect(
      database.handle.db
        .insertInto('jobs')
        .values({
          id: 'job_x',
          name: 'x',
          payload: '{}',
          status: 'exploded' as 'pending',
          run_at: 'x',
          attempts: 0,
          max_attempts: 1,
          created_at: 'x',
          updated_at: 'x',
        })
        .execute(),
    ).rejects.toThrow();
  });

  if (dialect === 'sqlite') {
    it('runs SQLite in WAL mode with full fsync, foreign keys and a busy timeout', async () => {
      const pragma = async (name: string) =>
        (await sql.raw<Record<string, unknown>>(`pragma ${name}`).execute(database.handle.db)).rows[0];
      expect(await pragma('journal_mode')).toEqual({ journal_mode: 'wal' });
      expect(await pragma('synchronous')).toEqual({ synchronous: 2 });
      expect(await pragma('foreign_keys')).toEqual({ foreign_keys: 1 });
      expect(await pragma('busy_timeout')).toEqual({ timeout: 5000 });
    });

    it('commits queued transactions together, answers each only once it is durable, and rolls back a failing one alone', async () => {
      const observer = new BetterSqlite3(path.join(database.dataDir, SQLITE_FILE_NAME), { readonly: true });
      try {
        const seenAtAnswer: boolean[] = [];
        const attempts = Array.from({ length: 40 }, (_, i) =>
          database.handle.db
            .transaction()
            .execute(async (trx) => {
              await trx
                .insertInto('shop_settings')
                .values({ key: `group-${i}`, value: String(i), updated_at: 'now', updated_by: 'test' })
                .execute();
              if (i % 4 === 3) throw new Error(`member ${i} fails after writing`);
            })
            .then(() => {
              // Another connection sees the row the moment the caller hears "committed".
              seenAtAnswer[i] =
                observer.prepare('select 1 from shop_settings where key = ?').get(`group-${i}`) !== undefined;
            }),
        );
        const outcomes = await Promise.allSettled(attempts);
        expect(outcomes.map((o) => o.status)).toEqual(
          Array.from({ length: 40 }, (_, i) => (i % 4 === 3 ? 'rejected' : 'fulfilled')),
        );
        expect(seenAtAnswer.filter((seen, i) => i % 4 !== 3 && seen)).toHaveLength(30);
        const rows = await database.handle.db
          .selectFrom('shop_settings')
          .select('key')
          .where('key', 'like', 'group-%')
          .execute();
        expect(rows.map((r) => Number(r.key.slice(6))).sort((a, b) => a - b)).toEqual(
          Array.from({ length: 40 }, (_, i) => i).filter((i) => i % 4 !== 3),
        );
      } finally {
        observer.close();
      }
    });

    it('rolls back a failing first member of a group alone: those queued behind it start afresh and commit', async () => {
      // The first member of a group runs without a savepoint (it is alone in the transaction): its
      // failure must take only its own work with it, queued or later.
      const attempts = Array.from({ length: 12 }, (_, i) =>
        database.handle.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('shop_settings')
            .values({ key: `first-${i}`, value: String(i), updated_at: 'now', updated_by: 'test' })
            .execute();
          if (i === 0 || i === 7) throw new Error(`member ${i} fails after writing`);
        }),
      );
      const outcomes = await Promise.allSettled(attempts);
      expect(outcomes.map((o) => o.status)).toEqual(
        Array.from({ length: 12 }, (_, i) => (i === 0 || i === 7 ? 'rejected' : 'fulfilled')),
      );
      // And alone: a failing transaction with nobody queued, then one that succeeds.
      await expect(
        database.handle.db.transaction().execute(async (trx) => {
          await trx
            .insertInto('shop_settings')
            .values({ key: 'first-alone', value: 'x', updated_at: 'now', updated_by: 'test' })
            .execute();
          throw new Error('alone and failing');
        }),
      ).rejects.toThrow('alone and failing');
      await database.handle.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('shop_settings')
          .values({ key: 'first-after', value: 'y', updated_at: 'now', updated_by: 'test' })
          .execute();
      });
      const rows = await database.handle.db
        .selectFrom('shop_settings')
        .select('key')
        .where('key', 'like', 'first-%')
        .execute();
      expect(rows.map((r) => r.key).sort()).toEqual(
        [
          ...Array.from({ length: 12 }, (_, i) => i)
            .filter((i) => i !== 0 && i !== 7)
            .map((i) => `first-${i}`),
          'first-after',
        ].sort(),
      );
    });

    it('fails every member of a group whose COMMIT fails, and stores none of their work', async () => {
      // A deferred foreign key is checked at COMMIT: one bad member makes the whole group's COMMIT fail.
      await sql`create table group_parent (id text primary key)`.execute(database.handle.db);
      await sql`create table group_child (id text primary key, parent text references group_parent (id) deferrable initially deferred)`.execute(
        database.handle.db,
      );
      const attempts = Array.from({ length: 20 }, (_, i) =>
        database.handle.db.transaction().execute(async (trx) => {
          await sql`insert into group_child (id, parent) values (${`child-${i}`}, ${i === 10 ? 'missing' : null})`.execute(
            trx,
          );
        }),
      );
      const outcomes = await Promise.allSettled(attempts);
      const stored = new Set(
        (await sql<{ id: string }>`select id from group_child`.execute(database.handle.db)).rows.map(
          (r) => r.id,
        ),
      );
      expect(outcomes[10]!.status).toBe('rejected');
      // Answered "committed" exactly when stored: nobody is told of work that was lost, or the reverse.
      outcomes.forEach((outcome, i) => expect(stored.has(`child-${i}`)).toBe(outcome.status === 'fulfilled'));
      expect(outcomes.filter((o) => o.status === 'rejected').length).toBeGreaterThan(1);
    });

    it('lets reads outside transactions run beside a writer, seeing only what is committed', async () => {
      let finish!: () => void;
      const holding = new Promise<void>((resolve) => (finish = resolve));
      let written!: () => void;
      const hasWritten = new Promise<void>((resolve) => (written = resolve));
      const writer = database.handle.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('shop_settings')
          .values({ key: 'read-beside', value: '1', updated_at: 'now', updated_by: 'test' })
          .execute();
        written();
        await holding;
      });
      await hasWritten;
      const during = await database.handle.db
        .selectFrom('shop_settings')
        .select('key')
        .where('key', '=', 'read-beside')
        .execute();
      expect(during).toEqual([]);
      finish();
      await writer;
      const after = await database.handle.db
        .selectFrom('shop_settings')
        .select('key')
        .where('key', '=', 'read-beside')
        .execute();
      expect(after).toEqual([{ key: 'read-beside' }]);
    });

    it('takes the write lock when a transaction begins (BEGIN IMMEDIATE), not at its first write', async () => {
      const intruder = new BetterSqlite3(path.join(database.dataDir, SQLITE_FILE_NAME), { timeout: 0 });
      try {
        await database.handle.db.transaction().execute(async (trx) => {
          await sql`select 1`.execute(trx);
          expect(() => intruder.exec('begin immediate')).toThrow(/locked|busy/i);
        });
        intruder.exec('begin immediate');
        intruder.exec('rollback');
      } finally {
        intruder.close();
      }
    });
  }
});
