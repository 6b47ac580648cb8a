import { Empty, Flex, Image, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../api/chat.js';
import { formatDateTime } from '../../format.js';
import { currentLocale } from '../../i18n/i18n.js';

/** Who wrote a message, as the reader knows them: "me", the shop by its name, the buyer, support. */
function useAuthorLabel(shopName: string | undefined) {
  const { t } = useTranslation();
  return (message: MessageView) => {
    if (message.mine) return t('chat.authors.me');
    if (message.authorType === 'merchant' && shopName) return shopName;
    return t(`chat.authors.${message.authorType}`);
  };
}

/** A conversation, oldest first: the reader's own messages on the right, images as thumbnails. */
export function MessageList({
  messages,
  shopName,
}: {
  messages: MessageView[];
  shopName?: string | undefined;
}) {
  const { t } = useTranslation();
  const authorOf = useAuthorLabel(shopName);
  const locale = currentLocale();
  if (messages.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('chat.empty')} />;
  return (
    <Flex vertical gap={12} className="chat-messages" data-testid="chat-messages">
      {messages.map((message) => (
        <div
          key={message.id}
          className={message.mine ? 'chat-message is-mine' : 'chat-message'}
          data-testid="chat-message"
          data-author={message.authorType}
        >
          <Typography.Text type="secondary" className="chat-small">
            <span data-testid="chat-author">{authorOf(message)}</span> ·{' '}
            {formatDateTime(message.createdAt, locale)}
          </Typography.Text>
          <div className={`chat-bubble chat-bubble-${message.authorType}`}>
            {message.body && (
              <div className="chat-body" data-testid="chat-body">
                {message.body}
              </div>
            )}
            {message.attachment && (
              <Image
                src={message.attachment.url}
                alt={t('chat.imageAlt')}
                width={160}
                className="chat-image"
                data-testid="chat-image"
              />
            )}
          </div>
        </div>
      ))}
    </Flex>
  );
}
