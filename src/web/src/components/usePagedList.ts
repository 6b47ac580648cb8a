import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Page } from '../../../common/pagination.js';

/**
 * A keyset-paginated list (`{items, nextCursor}`) read page by page with "load more". A page may carry
 * more than its items (a statement page has the account too): `query.data.pages` keeps its whole type.
 */
export function usePagedList<P extends Page<unknown>>(
  queryKey: QueryKey,
  fetchPage: (cursor: string | null) => Promise<P>,
  options: { refetchInterval?: number } = {},
) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    ...options,
  });
  const items = useMemo(
    (): Array<P['items'][number]> => query.data?.pages.flatMap((page) => page.items) ?? [],
    [query.data],
  );
  return { query, items };
}
