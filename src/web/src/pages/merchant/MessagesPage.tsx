import { Badge, Card, Empty, Flex, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { INBOX_QUERY_KEY, listInbox, type InboxItemView } from '../../api/chat.js';
import { LoadMore } from '../../components/LoadMore.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { usePagedList } from '../../components/usePagedList.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';
import '../chat/chat.css';
import { MerchantConsole } from './MerchantConsole.js';
import { OrderDetailDrawer } from './OrderDetailDrawer.js';

/** Looks for new buyer messages this often while the inbox is open. */
const REFRESH_MS = 30_000;

/** `/merchant/messages`: the shop's conversations, those where a buyer waits for an answer first. */
export function MessagesPage() {
  const { t } = useTranslation();
  return (
    <MerchantConsole section="messages" title={t('chat.inbox.title')}>
      {() => <Inbox />}
    </MerchantConsole>
  );
}

function Inbox() {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const { query, items } = usePagedList(INBOX_QUERY_KEY, listInbox, { refetchInterval: REFRESH_MS });
  const awaiting = items.filter((item) => item.awaitingReply);
  const others = items.filter((item) => !item.awaitingReply);

  if (query.isPending) return <Spin />;
  return (
    <Flex vertical gap="middle" data-testid="chat-inbox">
      {query.isError && <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />}
      {items.length === 0 && !query.isError && <Empty description={t('chat.inbox.empty')} />}
      {awaiting.length > 0 && (
        <Conversations title={t('chat.inbox.awaiting')} items={awaiting} onOpen={setOpen} urgent />
      )}
      {others.length > 0 && <Conversations title={t('chat.inbox.others')} items={others} onOpen={setOpen} />}
      <LoadMore
        hasMore={query.hasNextPage}
        loading={query.isFetchingNextPage}
        onLoad={() => void query.fetchNextPage()}
        testId="chat-inbox-more"
      />
      {open && <OrderDetailDrawer orderId={open} onClose={() => setOpen(null)} />}
    </Flex>
  );
}

function Conversations({
  title,
  items,
  onOpen,
  urgent = false,
}: {
  title: string;
  items: InboxItemView[];
  onOpen: (orderId: string) => void;
  urgent?: boolean;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <Flex vertical gap="small">
      <Typography.Title level={5}>
        {title} {urgent && <Badge count={items.length} />}
      </Typography.Title>
      {items.map((item) => (
        <Card
          key={item.orderId}
          size="small"
          hoverable
          className="chat-inbox-item"
          onClick={() => onOpen(item.orderId)}
          data-testid="chat-inbox-item"
          data-order={item.orderId}
          data-awaiting={String(item.awaitingReply)}
        >
          <Flex justify="space-between" gap={8} wrap>
            <Typography.Text strong className="break-anywhere">
              {item.title}
            </Typography.Text>
            {item.awaitingReply && <Tag color="red">{t('chat.inbox.awaiting')}</Tag>}
          </Flex>
          <Typography.Paragraph className="chat-inbox-preview" data-testid="chat-inbox-preview">
            {t(`chat.authors.${item.lastMessage.authorType}`)}:{' '}
            {item.lastMessage.preview || (item.lastMessage.hasImage ? t('chat.inbox.image') : '')}
          </Typography.Paragraph>
          <Typography.Text type="secondary" className="chat-small">
            {t('chat.inbox.order', { id: item.orderId })} ·{' '}
            {formatDateTime(item.lastMessage.createdAt, locale)}
          </Typography.Text>
        </Card>
      ))}
    </Flex>
  );
}
