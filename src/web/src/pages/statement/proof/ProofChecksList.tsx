import { Button, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../format.js';
import { currentLocale } from '../../../i18n/i18n.js';
import { CauseLabel } from '../lineParts.js';
import type { CheckRow, TransferRow } from './proofChecks.js';

function Mark({ ok }: { ok: boolean }) {
  const { t } = useTranslation();
  return (
    <span
      className={ok ? 'check-mark check-ok' : 'check-mark check-failed'}
      role="img"
      aria-label={ok ? t('proof.passedMark') : t('proof.failedMark')}
      data-testid="proof-check-mark"
    >
      {ok ? '✓' : '✗'}
    </span>
  );
}

function useCheckLabel() {
  const { t } = useTranslation();
  return (row: CheckRow): string => {
    switch (row.kind) {
      case 'format':
        return t('proof.check.format');
      case 'signature':
        return t('proof.check.signature', { sequence: row.sequence });
      case 'previousSignature':
        return t('proof.check.previousSignature', { sequence: row.sequence });
      case 'consistency':
        return t('proof.check.consistency', { sequence: row.sequence });
      case 'balance':
        return t('proof.check.balance', {
          kind: t(`accountKinds.${row.accountKind}`, { defaultValue: row.accountKind }),
          amount: row.amount,
        });
      case 'other':
        return row.id;
    }
  };
}

/** Why a check failed, in the verifier's words (technical, and the same as the command line prints). */
function FailureDetail({ ok, detail }: { ok: boolean; detail: string }) {
  if (ok) return null;
  return (
    <Typography.Text type="danger" className="check-detail break-anywhere">
      {detail}
    </Typography.Text>
  );
}

export function ProofChecksList({ checks, transfers }: { checks: CheckRow[]; transfers: TransferRow[] }) {
  const { t } = useTranslation();
  const labelOf = useCheckLabel();
  const locale = currentLocale();
  const [showTransfers, setShowTransfers] = useState(false);
  const passed = transfers.filter((transfer) => transfer.ok).length;

  return (
    <ul className="proof-checks" data-testid="proof-checks">
      {checks.map((row, index) => (
        <li key={index} data-testid="proof-check" data-ok={row.ok}>
          <Mark ok={row.ok} />
          <span>
            {labelOf(row)}
            <FailureDetail ok={row.ok} detail={row.detail} />
          </span>
        </li>
      ))}
      <li data-testid="proof-check" data-ok={passed === transfers.length}>
        <Mark ok={passed === transfers.length} />
        <span>
          {transfers.length === 0
            ? t('proof.check.noTransfers')
            : t('proof.check.transfers', { passed, count: transfers.length })}
          {transfers.length > 0 && (
            <Button
              type="link"
              size="small"
              onClick={() => setShowTransfers((shown) => !shown)}
              aria-expanded={showTransfers}
              data-testid="proof-show-transfers"
            >
              {t('proof.showTransfers')}
            </Button>
          )}
          {showTransfers && (
            <ul className="proof-transfers" data-testid="proof-transfers">
              {transfers.map((transfer) => (
                <li key={transfer.id} data-testid="proof-transfer" data-ok={transfer.ok}>
                  <Mark ok={transfer.ok} />
                  <span className="break-anywhere">
                    {transfer.createdAt && formatDateTime(transfer.createdAt, locale)}{' '}
                    {transfer.causeType && <CauseLabel type={transfer.causeType} />}{' '}
                    <Typography.Text code>{transfer.id}</Typography.Text>
                    <FailureDetail ok={transfer.ok} detail={transfer.detail} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </span>
      </li>
    </ul>
  );
}
