import type { UseInfiniteQueryResult } from '@tanstack/react-query';
import { Table, type TableProps } from 'antd';
import { LoadMore } from './LoadMore.js';
import { ProblemAlert } from './ProblemAlert.js';

/**
 * A keyset-paginated list as a table: its error with a retry, the rows loaded so far, and "load more"
 * while the server has a next cursor. Every list screen (history, users, audit log, and later statements
 * and orders) is one of these.
 */
export function PagedTable<T extends { id: string }>({
  query,
  items,
  moreTestId,
  ...tableProps
}: {
  query: Pick<
    UseInfiniteQueryResult,
    'isError' | 'error' | 'refetch' | 'isPending' | 'hasNextPage' | 'isFetchingNextPage' | 'fetchNextPage'
  >;
  items: readonly T[];
  moreTestId: string;
} & Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'rowKey'>) {
  return (
    <>
      {query.isError && <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />}
      <Table<T>
        rowKey="id"
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
