import { useQueryClient } from '@tanstack/react-query';
import { Card, Flex, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { SIGNED_IN, type Asker } from '../../api/asker.js';
import { chatQueryKey, INBOX_QUERY_KEY, listMessages, type ChatSide } from '../../api/chat.js';
import { LoadMore } from '../../components/LoadMore.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { usePagedList } from '../../components/usePagedList.js';
import { ChatComposer } from './ChatComposer.js';
import { MessageList } from './MessageList.js';
import './chat.css';

const TITLES = {
  buyer: 'chat.titleBuyer',
  merchant: 'chat.titleMerchant',
  staff: 'chat.titleStaff',
} as const satisfies Record<ChatSide, string>;

/** No push channel yet: the open conversation looks for new messages this often. */
const REFRESH_MS = 15_000;

/**
 * The conversation of one order, for its buyer (order page; a guest's with the pass from the order
 * lookup), its shop (order drawer) or support: every message oldest first, and the box to write the next
 * one. The server decides who may read and write.
 */
export function OrderChat({
  side,
  orderId,
  asker = SIGNED_IN,
  shopName,
  className,
}: {
  side: ChatSide;
  orderId: string;
  /** The buyer's side only: the signed-in buyer (default) or the guest with the order's pass. */
  asker?: Asker;
  shopName?: string | undefined;
  className?: string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const queryKey = chatQueryKey(side, orderId, asker);
  const { query, items } = usePagedList(queryKey, (cursor) => listMessages(side, orderId, cursor, asker), {
    refetchInterval: REFRESH_MS,
  });
  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey });
    if (side === 'merchant') await queryClient.invalidateQueries({ queryKey: INBOX_QUERY_KEY });
  };

  return (
    <Card
      size="small"
      title={t(TITLES[side])}
      className={className ? `chat-card ${className}` : 'chat-card'}
      data-testid="order-chat"
    >
      <Flex vertical gap="middle">
        <Typography.Text type="secondary" className="chat-small">
          {side === 'staff' ? t('chat.hintStaff') : t('chat.hint')}
        </Typography.Text>
        {query.isError && <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />}
        {query.isPending ? <Skeleton active /> : <MessageList messages={items} shopName={shopName} />}
        <LoadMore
          hasMore={query.hasNextPage}
          loading={query.isFetchingNextPage}
          onLoad={() => void query.fetchNextPage()}
          testId="chat-more"
        />
        <ChatComposer side={side} orderId={orderId} asker={asker} onSent={() => void refresh()} />
      </Flex>
    </Card>
  );
}
