import { Card, Flex, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { DISPUTES_KEY, listStaffMessages } from '../../../api/disputes.js';
import { LoadMore } from '../../../components/LoadMore.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { usePagedList } from '../../../components/usePagedList.js';
import { MessageList } from '../../chat/MessageList.js';
import '../../chat/chat.css';

/** The order's chat as support reads it (read-only here; each read is in the audit log). */
export function StaffChat({ orderId, shopName }: { orderId: string; shopName: string }) {
  const { t } = useTranslation();
  const { query, items } = usePagedList([DISPUTES_KEY, 'chat', orderId], (cursor) =>
    listStaffMessages(orderId, cursor),
  );
  return (
    <Card size="small" title={t('disputes.admin.chat')} data-testid="staff-chat">
      <Flex vertical gap="middle">
        <Typography.Text type="secondary">{t('disputes.admin.chatAudited')}</Typography.Text>
        {query.isError && <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />}
        {query.isPending ? <Skeleton active /> : <MessageList messages={items} shopName={shopName} />}
        <LoadMore
          hasMore={query.hasNextPage}
          loading={query.isFetchingNextPage}
          onLoad={() => void query.fetchNextPage()}
          testId="staff-chat-more"
        />
      </Flex>
    </Card>
  );
}
