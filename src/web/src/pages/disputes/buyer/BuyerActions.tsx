import { useMutation } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { Button, Flex, Popconfirm } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Asker } from '../../../api/asker.js';
import {
  acceptAnswer,
  appealAsBuyer,
  escalateDispute,
  withdrawDispute,
  type DisputeView,
} from '../../../api/disputes.js';
import { useNow } from '../../../components/countdown.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { canAppeal, OPEN_STATUSES } from '../labels.js';
import { NoteModal } from '../NoteModal.js';

type Step = 'escalate' | 'appeal' | null;

/** The words of the two steps that need a note: asking the platform, and appealing its decision. */
const NOTE_STEPS = {
  escalate: (t: TFunction) => ({
    title: t('disputes.buyer.escalateTitle'),
    intro: t('disputes.buyer.escalateIntro'),
    label: t('disputes.buyer.escalateNote'),
    okText: t('disputes.buyer.escalate'),
  }),
  appeal: (t: TFunction) => ({
    title: t('disputes.appealTitle'),
    intro: t('disputes.appealIntro'),
    label: t('disputes.appealNote'),
    okText: t('disputes.appeal'),
  }),
};

/**
 * The buyer's moves: accept the merchant's answer or ask the platform to decide (while it is the buyer's
 * turn), withdraw while the dispute is open, appeal a decision inside its window.
 */
export function BuyerActions({
  dispute,
  asker,
  onChanged,
}: {
  dispute: DisputeView;
  asker: Asker;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const [step, setStep] = useState<Step>(null);
  const accept = useMutation({ mutationFn: () => acceptAnswer(dispute.id, asker), onSuccess: onChanged });
  const withdraw = useMutation({
    mutationFn: () => withdrawDispute(dispute.id, asker),
    onSuccess: onChanged,
  });
  const reviewing = dispute.status === 'awaiting_buyer';
  const open = OPEN_STATUSES.includes(dispute.status);
  const appealable = canAppeal(dispute, 'buyer', now);
  if (!open && !appealable) return null;
  const done = () => {
    setStep(null);
    onChanged();
  };

  return (
    <Flex vertical gap={8}>
      <Flex gap={8} wrap>
        {reviewing && (
          <Popconfirm
            title={t('disputes.buyer.acceptConfirm')}
            okText={t('disputes.buyer.accept')}
            cancelText={t('common.cancel')}
            onConfirm={() => accept.mutate()}
            okButtonProps={{ 'data-testid': 'dispute-accept-ok' }}
          >
            <Button type="primary" loading={accept.isPending} data-testid="dispute-accept">
              {t('disputes.buyer.accept')}
            </Button>
          </Popconfirm>
        )}
        {reviewing && (
          <Button onClick={() => setStep('escalate')} data-testid="dispute-escalate">
            {t('disputes.buyer.escalate')}
          </Button>
        )}
        {appealable && (
          <Button onClick={() => setStep('appeal')} data-testid="dispute-appeal-open">
            {t('disputes.appeal')}
          </Button>
        )}
        {open && (
          <Popconfirm
            title={t('disputes.buyer.withdrawConfirm')}
            okText={t('disputes.buyer.withdraw')}
            cancelText={t('common.cancel')}
            onConfirm={() => withdraw.mutate()}
            okButtonProps={{ 'data-testid': 'dispute-withdraw-ok' }}
          >
            <Button danger loading={withdraw.isPending} data-testid="dispute-withdraw">
              {t('disputes.buyer.withdraw')}
            </Button>
          </Popconfirm>
        )}
      </Flex>
      {accept.isError && <ProblemAlert error={accept.error} testId="dispute-accept-problem" />}
      {withdraw.isError && <ProblemAlert error={withdraw.error} testId="dispute-withdraw-problem" />}
      {step && (
        <NoteModal
          {...NOTE_STEPS[step](t)}
          submit={(note) =>
            step === 'escalate'
              ? escalateDispute(dispute.id, note, asker)
              : appealAsBuyer(dispute.id, note, asker)
          }
          onDone={done}
          onClose={() => setStep(null)}
          testId={`dispute-${step}`}
        />
      )}
    </Flex>
  );
}
