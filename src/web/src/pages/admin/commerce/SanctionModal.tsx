import { Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AdminMerchantView } from '../../../../../common/api/merchants.js';
import { setSanction, type ManualSanction } from '../../../api/trust.js';
import { RadioField } from '../../disputes/RadioField.js';
import { ConsoleChangeModal, ReasonInput, useConsoleChange } from './shared.js';

const CHOICES: readonly ManualSanction[] = ['none', 'warning', 'listings_hidden'];

/**
 * An open shop's sanction set by hand (an appeal granted, or a warning), with a reason for the owner and
 * the audit log.
 */
export function SanctionModal({ merchant, onClose }: { merchant: AdminMerchantView; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ sanction: ManualSanction; reason: string }>();
  const change = useConsoleChange(
    (body: { sanction: ManualSanction; reason: string }) => setSanction(merchant.id, body),
    onClose,
    t('trust.adminCredit.saved'),
  );
  return (
    <ConsoleChangeModal
      title={t('trust.adminCredit.sanctionTitle', { name: merchant.shopName })}
      okText={t('trust.adminCredit.setSanction')}
      testId="sanction"
      hint={t('trust.adminCredit.sanctionHint')}
      change={change}
      form={form}
      initialValues={{ sanction: merchant.sanction }}
      onFinish={({ sanction, reason }) => change.mutation.mutate({ sanction, reason: reason.trim() })}
      onClose={onClose}
    >
      <RadioField<ManualSanction>
        name="sanction"
        label={t('trust.adminCredit.choice')}
        requiredMessage={t('trust.adminCredit.choice')}
        options={CHOICES.map((value) => ({ value, label: t(`trust.credit.level.${value}`) }))}
        testIdPrefix="sanction"
      />
      <Form.Item noStyle dependencies={['sanction']}>
        {() => {
          const chosen = form.getFieldValue('sanction') as ManualSanction | undefined;
          return chosen ? (
            <Typography.Paragraph type="secondary">
              {t(`trust.sanction.effect.${chosen}`)}
            </Typography.Paragraph>
          ) : null;
        }}
      </Form.Item>
      <ReasonInput testId="sanction-reason" />
    </ConsoleChangeModal>
  );
}
