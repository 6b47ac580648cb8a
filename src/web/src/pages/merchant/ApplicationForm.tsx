import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Radio } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MerchantApplication, MyShopView } from '../../../../common/api/merchants.js';
import { applyForShop } from '../../api/merchant.js';
import type { ApiProblem } from '../../api/problem.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { showProblemOnForm } from '../../components/formProblems.js';
import { SHOP_QUERY_KEY } from './shopQuery.js';

// Codes that concern one field: shown under it rather than above the form.
const FIELD_FOR_CODE = {
  MERCHANT_IDENTITY_INVALID: 'identityNumber',
  MERCHANT_IDENTITY_IN_USE: 'identityNumber',
  MERCHANT_SHOP_NAME_TAKEN: 'shopName',
};

const PHONE = /^\+?[0-9][0-9 -]{5,19}$/;

/** The application to open a shop; after a rejection, the same form filled with what was sent before. */
export function ApplicationForm({ previous }: { previous?: MyShopView }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<MerchantApplication>();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const kycType = Form.useWatch('kycType', form) ?? previous?.kycType ?? 'individual';

  const apply = useMutation({
    mutationFn: applyForShop,
    onMutate: () => setProblem(null),
    onSuccess: (shop) => {
      queryClient.setQueryData(SHOP_QUERY_KEY, { shop });
      void message.success(t('merchant.apply.submitted'));
    },
    onError: (error) => setProblem(showProblemOnForm(form, error, t('errors.loadFailed'), FIELD_FOR_CODE)),
  });

  const required = (text: string) => ({ required: true, whitespace: true, message: text });

  return (
    <Card
      title={previous ? t('merchant.apply.reapplyTitle') : t('merchant.apply.title')}
      data-testid="merchant-apply-form"
    >
      {problem && <ProblemAlert error={problem} testId="merchant-apply-error" />}
      <Form<MerchantApplication>
        form={form}
        layout="vertical"
        requiredMark={false}
        className="page-intro"
        initialValues={{
          shopName: previous?.shopName ?? '',
          description: previous?.description ?? '',
          kycType: previous?.kycType ?? 'individual',
          legalName: previous?.legalName ?? '',
          identityNumber: '',
          contactName: previous?.contactName ?? '',
          contactPhone: previous?.contactPhone ?? '',
          contactEmail: previous?.contactEmail ?? '',
        }}
        onFinish={(values) =>
          apply.mutate({
            ...values,
            description: values.description.trim(),
            identityNumber: values.identityNumber.trim().toUpperCase(),
          })
        }
      >
        <Form.Item
          name="shopName"
          label={t('merchant.apply.shopName')}
          rules={[
            required(t('merchant.apply.shopNameRule')),
            { min: 2, max: 30, message: t('merchant.apply.shopNameRule') },
          ]}
        >
          <Input maxLength={30} data-testid="apply-shop-name" />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('merchant.apply.description')}
          extra={t('merchant.apply.descriptionHint')}
        >
          <Input.TextArea
            maxLength={500}
            autoSize={{ minRows: 2, maxRows: 6 }}
            data-testid="apply-description"
          />
        </Form.Item>
        <Form.Item name="kycType" label={t('merchant.apply.kycType')}>
          <Radio.Group data-testid="apply-kyc-type">
            <Radio value="individual" data-testid="apply-kyc-individual">
              {t('merchant.apply.individual')}
            </Radio>
            <Radio value="company" data-testid="apply-kyc-company">
              {t('merchant.apply.company')}
            </Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="legalName"
          label={
            kycType === 'company'
              ? t('merchant.apply.legalNameCompany')
              : t('merchant.apply.legalNameIndividual')
          }
          rules={[
            required(t('merchant.apply.legalNameRule')),
            { min: 2, max: 60, message: t('merchant.apply.legalNameRule') },
          ]}
        >
          <Input maxLength={60} autoComplete="name" data-testid="apply-legal-name" />
        </Form.Item>
        <Form.Item
          name="identityNumber"
          label={
            kycType === 'company'
              ? t('merchant.apply.identityCompany')
              : t('merchant.apply.identityIndividual')
          }
          extra={t('merchant.apply.identityHint')}
          rules={[
            required(t('merchant.apply.identityRule')),
            { min: 15, max: 22, message: t('merchant.apply.identityRule') },
          ]}
        >
          <Input maxLength={22} autoComplete="off" spellCheck={false} data-testid="apply-identity-number" />
        </Form.Item>
        <Form.Item
          name="contactName"
          label={t('merchant.apply.contactName')}
          rules={[
            required(t('merchant.apply.contactNameRule')),
            { max: 40, message: t('merchant.apply.contactNameRule') },
          ]}
        >
          <Input maxLength={40} data-testid="apply-contact-name" />
        </Form.Item>
        <Form.Item
          name="contactPhone"
          label={t('merchant.apply.contactPhone')}
          rules={[
            required(t('merchant.apply.contactPhoneRule')),
            { pattern: PHONE, message: t('merchant.apply.contactPhoneRule') },
          ]}
        >
          <Input inputMode="tel" autoComplete="tel" data-testid="apply-contact-phone" />
        </Form.Item>
        <Form.Item
          name="contactEmail"
          label={t('merchant.apply.contactEmail')}
          rules={[
            required(t('merchant.apply.contactEmailRule')),
            { type: 'email', message: t('merchant.apply.contactEmailRule') },
          ]}
        >
          <Input inputMode="email" autoComplete="email" data-testid="apply-contact-email" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={apply.isPending} data-testid="apply-submit">
          {t('merchant.apply.submit')}
        </Button>
      </Form>
    </Card>
  );
}
