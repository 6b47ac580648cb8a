import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { DISPUTES_KEY, type DisputeView } from '../../../api/disputes.js';

/** A staff decision: on success the queue and the page are read again and a short note confirms it. */
export function useDecision<Values>(decide: (values: Values) => Promise<DisputeView>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: decide,
    onSuccess: async () => {
      void message.success(t('disputes.admin.decided'));
      await queryClient.invalidateQueries({ queryKey: [DISPUTES_KEY] });
    },
  });
}
