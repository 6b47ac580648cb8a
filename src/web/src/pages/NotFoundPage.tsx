import { Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { HomeButton } from '../components/HomeButton.js';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div data-testid="not-found">
      <Result
        status="404"
        title={t('notFound.title')}
        subTitle={t('notFound.subtitle')}
        extra={<HomeButton />}
      />
    </div>
  );
}
