import { QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

const FORMULA_LINES = ['score', 'volume', 'response', 'lost', 'missed'] as const;

/** 评分规则: the published formula (docs/BUYER-PROTECTION.md "Credit") in a dialog, behind a link. */
export function CreditFormula({ windowDays }: { windowDays: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        type="link"
        size="small"
        icon={<QuestionCircleOutlined />}
        className="trust-formula-link"
        onClick={() => setOpen(true)}
        data-testid="credit-formula-open"
      >
        {t('trust.credit.formulaLink')}
      </Button>
      <Modal
        open={open}
        title={t('trust.credit.formula.title')}
        footer={null}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <div data-testid="credit-formula">
          <Typography.Paragraph>{t('trust.credit.formula.intro')}</Typography.Paragraph>
          <pre className="code-block trust-formula">
            {FORMULA_LINES.map((line) => t(`trust.credit.formula.${line}`)).join('\n')}
          </pre>
          <Typography.Paragraph>{t('trust.credit.formula.prior')}</Typography.Paragraph>
          <Typography.Paragraph>{t('trust.credit.formula.lostRule')}</Typography.Paragraph>
          <Typography.Paragraph>{t('trust.credit.formula.rate')}</Typography.Paragraph>
          <Typography.Paragraph>{t('trust.credit.formula.sanctions')}</Typography.Paragraph>
          <Typography.Paragraph type="secondary">
            {t('trust.credit.formula.window', { days: windowDays })}
          </Typography.Paragraph>
        </div>
      </Modal>
    </>
  );
}
