import { Button } from 'antd';
import { useTranslation } from 'react-i18next';

export function LoadMore({
  hasMore,
  loading,
  onLoad,
  testId,
}: {
  hasMore: boolean;
  loading: boolean;
  onLoad: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  if (!hasMore) return null;
  return (
    <div className="load-more">
      <Button onClick={onLoad} loading={loading} data-testid={testId}>
        {t('common.loadMore')}
      </Button>
    </div>
  );
}
