/**
 * Who did something: a signed-in user, the system itself (a job, the CLI, a provider callback), the buyer
 * of a guest order (id = the order), or a merchant's API key (id = the key).
 */
export const ACTOR_TYPES = ['user', 'system', 'guest', 'api_key'] as const;

export type Actor =
  | { type: 'user'; id: string }
  | { type: 'system'; id: string }
  | { type: 'guest'; id: string }
  | { type: 'api_key'; id: string };

export const SYSTEM_ACTOR = { type: 'system', id: 'system' } as const satisfies Actor;

export function userActor(id: string): Actor {
  return { type: 'user', id };
}
