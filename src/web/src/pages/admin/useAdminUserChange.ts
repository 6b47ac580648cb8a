import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminUserView } from '../../../../common/api/accounts.js';
import { toProblem, type ApiProblem } from '../../api/problem.js';

/** One audited change to a user: on success the list reloads and the modal closes; a refusal stays in it. */
export function useAdminUserChange<Input>(
  change: (input: Input) => Promise<AdminUserView>,
  onDone: () => void,
) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const mutation = useMutation({
    mutationFn: change,
    onMutate: () => setProblem(null),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['admin'] });
      void message.success(t('adminUsers.saved'));
      onDone();
    },
    onError: (error) => setProblem(toProblem(error, t('errors.loadFailed'))),
  });
  return { mutation, problem };
}
