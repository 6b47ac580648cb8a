import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { Me } from '../../../common/api/accounts.js';
import type { Role } from '../../../common/roles.js';
import { getSession } from '../api/endpoints.js';

export const ME_QUERY_KEY = ['me'] as const;

/** Signed out is a normal state, not an error: the session endpoint answers `{ user: null }`. */
async function fetchMeOrNull(): Promise<Me | null> {
  return (await getSession()).user;
}

export function useMe() {
  return useQuery({ queryKey: ME_QUERY_KEY, queryFn: fetchMeOrNull, staleTime: 60_000 });
}

export function hasAnyRole(me: Me | null | undefined, roles: readonly Role[]): boolean {
  return me?.roles.some((role) => roles.includes(role)) ?? false;
}

export function cachedMe(queryClient: QueryClient): Me | null {
  return queryClient.getQueryData<Me | null>(ME_QUERY_KEY) ?? null;
}

/**
 * After sign-in or sign-out nothing cached may leak from one user to the next. The `me` entry itself is
 * overwritten rather than removed, so every component watching it sees the change at once.
 */
export function resetSession(queryClient: QueryClient, me: Me | null): void {
  queryClient.setQueryData(ME_QUERY_KEY, me);
  queryClient.removeQueries({
    predicate: ({ queryKey }) =>
      queryKey[0] !== 'shop' && !(queryKey.length === 1 && queryKey[0] === ME_QUERY_KEY[0]),
  });
}
