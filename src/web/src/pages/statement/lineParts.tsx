import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StatementLine } from '../../../../common/api/ledger.js';
import type { Currency } from '../../../../common/money.js';
import { amountTone, formatSignedMoney } from './money.js';

const KIND_COLORS: Readonly<Record<StatementLine['kind'], string>> = {
  posted: 'default',
  hold: 'orange',
  release: 'green',
};

/** 冻结 / 解冻 beside a line's reason; posted lines, the ordinary case, carry no tag unless `always`. */
export function KindTag({ kind, always = false }: { kind: StatementLine['kind']; always?: boolean }) {
  const { t } = useTranslation();
  if (kind === 'posted' && !always) return null;
  return (
    <Tag color={KIND_COLORS[kind]} data-kind={kind}>
      {t(`statement.kinds.${kind}`)}
    </Tag>
  );
}

export function AmountText({ line, currency }: { line: StatementLine; currency: Currency }) {
  return (
    <span className={`amount amount-${amountTone(line)}`}>{formatSignedMoney(line.amount, currency)}</span>
  );
}

/** Known cause types read in the UI language; new ones show as their code. */
export function CauseLabel({ type }: { type: string }) {
  const { t } = useTranslation();
  return <>{t(`causes.${type}`, { defaultValue: type })}</>;
}
