/** Who did something: a signed-in user, or the system itself (a job, the CLI, a provider callback). */
export type Actor = { type: 'user'; id: string } | { type: 'system'; id: string };

export const SYSTEM_ACTOR = { type: 'system', id: 'system' } as const satisfies Actor;

export function userActor(id: string): Actor {
  return { type: 'user', id };
}
