import type { Selectable } from 'kysely';
import { toStoredTime } from '../../platform/clock.js';
import type { Db } from '../../platform/context.js';
import type { ChallengePurpose, EmailChallengesTable } from './accounts.tables.js';

export type ChallengeRow = Selectable<EmailChallengesTable>;

export interface NewChallenge {
  id: string;
  purpose: ChallengePurpose;
  email: string;
  userId: string | null;
  codeHash: string;
  payload: unknown;
  expiresAt: Date;
}

export async function insertChallenge(db: Db, challenge: NewChallenge, now: Date): Promise<void> {
  const stamp = toStoredTime(now);
  await db
    .insertInto('email_challenges')
    .values({
      id: challenge.id,
      purpose: challenge.purpose,
      email: challenge.email,
      user_id: challenge.userId,
      code_hash: challenge.codeHash,
      payload: JSON.stringify(challenge.payload),
      attempts: 0,
      sends: 1,
      last_sent_at: stamp,
      expires_at: toStoredTime(challenge.expiresAt),
      created_at: stamp,
    })
    .execute();
}

export async function findChallenge(
  db: Db,
  id: string,
  purpose: ChallengePurpose,
): Promise<ChallengeRow | undefined> {
  return db
    .selectFrom('email_challenges')
    .selectAll()
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
}

export async function recordWrongCode(db: Db, id: string): Promise<void> {
  await db
    .updateTable('email_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Marks the challenge used; 0 rows means another request consumed it first. */
export async function consumeChallenge(db: Db, id: string, now: Date): Promise<bigint> {
  const result = await db
    .updateTable('email_challenges')
    .set({ consumed_at: toStoredTime(now) })
    .where('id', '=', id)
    .where('consumed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows;
}

export async function replaceChallengeCode(
  db: Db,
  id: string,
  codeHash: string,
  expiresAt: Date,
  now: Date,
): Promise<void> {
  await db
    .updateTable('email_challenges')
    .set((eb) => ({
      code_hash: codeHash,
      expires_at: toStoredTime(expiresAt),
      last_sent_at: toStoredTime(now),
      sends: eb('sends', '+', 1),
    }))
    .where('id', '=', id)
    .execute();
}

/** Creation times of this email's challenges since `since`, oldest first. */
export async function recentChallengeTimes(
  db: Db,
  email: string,
  purpose: ChallengePurpose,
  since: Date,
): Promise<string[]> {
  const rows = await db
    .selectFrom('email_challenges')
    .select('created_at')
    .where('email', '=', email)
    .where('purpose', '=', purpose)
    .where('created_at', '>', toStoredTime(since))
    .orderBy('created_at')
    .execute();
  return rows.map((row) => row.created_at);
}

export async function deleteChallengesCreatedBefore(db: Db, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('email_challenges')
    .where('created_at', '<', toStoredTime(before))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
