import type { UseInfiniteQueryResult } from '@tanstack/react-query';
import { Table, type TableProps } from 'antd';
import { LoadMore } from './LoadMore.js';
import { ProblemAlert } from './ProblemAlert.js';

/** Rows with an `id` are keyed by it; others (statement lines, checkpoints) must say what keys them. */
type RowKeyProp<T> = T extends { id: string }
  ? { rowKey?: TableProps<T>['rowKey'] }
  : { rowKey: NonNullable<TableProps<T>['rowKey']> };

/**
 * A keyset-paginated list as a table: its error with a retry, the rows loaded so far, and "load more"
 * while the server has a next cursor. Every list screen (history, users, audit log, statements,
 * checkpoints, and later orders) is one of these.
 */
export function PagedTable<T extends object>({
  query,
  items,
  moreTestId,
  rowKey,
  ...tableProps
}: {
  query: Pick<
    UseInfiniteQueryResult,
    'isError' | 'error' | 'refetch' | 'isPending' | 'hasNextPage' | 'isFetchingNextPage' | 'fetchNextPage'
  >;
  items: readonly T[];
  moreTestId: string;
} & RowKeyProp<T> &
  Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'rowKey'>) {
  return (
    <>
      {query.isError && <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />}
      <Table<T>
        // RowKeyProp guarantees a key for rows without an id; TypeScript cannot follow it into the body.
        rowKey={(rowKey ?? 'id') as TableProps<T>['rowKey']}
        size="middle"
        scroll={{ x: 'max-content' }}
        {...tableProps}
        dataSource={items}
        loading={query.isPending}
        pagination={false}
      />
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onLoad={() => void query.fetchNextPage()}
        testId={moreTestId}
      />
    </>
  );
}
