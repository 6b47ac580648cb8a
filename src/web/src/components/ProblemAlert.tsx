import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { toProblem } from '../api/problem.js';

/** An API failure as the server worded it (already in the reader's language). */
export function ProblemAlert({
  error,
  onRetry,
  testId = 'problem',
}: {
  error: unknown;
  onRetry?: () => void;
  testId?: string;
}) {
  const { t } = useTranslation();
  const problem = toProblem(error, t('errors.loadFailed'));
  return (
    <Alert
      type="error"
      showIcon
      title={problem.detail}
      data-testid={testId}
      data-code={problem.code}
      className="form-alert"
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
