import { MessageOutlined } from '@ant-design/icons';
import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ResponseStatsView } from '../../api/chat.js';
import { formatResponseTime } from './responseTime.js';

/** The shop's median first reply, with what it is based on: a buyer sees whether anyone answers. */
export function ResponseTime({ stats }: { stats: ResponseStatsView }) {
  const { t } = useTranslation();
  const median = stats.medianFirstResponseMs;
  return (
    <Flex gap={8} align="baseline" data-testid="shop-response-time">
      <MessageOutlined />
      <Flex vertical>
        <Typography.Text strong>
          {median === null
            ? t('chat.responseTime.none')
            : t('chat.responseTime.value', { time: formatResponseTime(median, t) })}
        </Typography.Text>
        {median !== null && (
          <Typography.Text type="secondary" className="chat-small">
            {t('chat.responseTime.basis', { count: stats.conversations })}
          </Typography.Text>
        )}
      </Flex>
    </Flex>
  );
}
