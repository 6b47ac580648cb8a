import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { getCategories } from '../../api/endpoints.js';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Checkbox, Col, Form, Input, InputNumber, Modal, Radio, Row, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  BuyerField,
  ProductInput,
  ProductKindName,
  ProductView,
  UsageRule,
} from '../../../../common/api/catalog.js';
import { createProduct, updateProduct } from '../../api/merchant.js';
import type { ApiProblem } from '../../api/problem.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { showProblemOnForm } from '../../components/formProblems.js';
import { moneyFromInput, moneyToInput } from '../../../../common/money.js';
import { currentLocale } from '../../i18n/i18n.js';
import { MERCHANT_KEY } from './shopQuery.js';

const KINDS: readonly ProductKindName[] = ['card_key', 'topup', 'manual'];
const FIELD_KEY = /^[a-z][a-z0-9_]{0,31}$/;

interface BuyerFieldValues {
  key: string;
  labelZh: string;
  labelEn: string;
  required: boolean;
  pattern: string;
  maxLength?: number;
}

interface ProductFormValues {
  gameId: string | undefined;
  categoryId: string | undefined;
  kind: ProductKindName;
  title: string;
  description: string;
  price: string;
  memberOnly: boolean;
  maxPerOrder: number | null;
  maxPerUserPerDay: number | null;
  usageRules: UsageRule[];
  noReasonReturnExcluded: boolean;
  buyerFields: BuyerFieldValues[];
  deliveryHours: number | null;
  confirmHours: number | null;
}

export const PRODUCTS_QUERY_KEY = [MERCHANT_KEY, 'products'] as const;
const CATEGORIES_QUERY_KEY = [MERCHANT_KEY, 'categories'] as const;

function initialValues(product: ProductView | null, gameOf: (categoryId: string) => string | undefined) {
  return {
    gameId: product ? gameOf(product.categoryId) : undefined,
    categoryId: product?.categoryId,
    kind: product?.kind ?? 'card_key',
    title: product?.title ?? '',
    description: product?.description ?? '',
    price: product ? moneyToInput(product.price, 'CNY') : '',
    memberOnly: product?.memberOnly ?? false,
    maxPerOrder: product?.maxPerOrder ?? 10,
    maxPerUserPerDay: product?.maxPerUserPerDay ?? null,
    usageRules: product?.usageRules ?? [],
    noReasonReturnExcluded: product?.noReasonReturnExcluded ?? true,
    buyerFields: (product?.buyerFields ?? []).map((field) => ({ ...field, pattern: field.pattern ?? '' })),
    deliveryHours: product?.deliveryHours ?? null,
    // The view carries the effective window (the shop default filled in); editing keeps it explicit.
    confirmHours: product?.confirmHours ?? null,
  } satisfies ProductFormValues;
}

function toInput(values: ProductFormValues): ProductInput {
  const isCardKey = values.kind === 'card_key';
  return {
    categoryId: values.categoryId ?? '',
    kind: values.kind,
    title: values.title.trim(),
    description: values.description.trim(),
    price: moneyFromInput(values.price, 'CNY') ?? 0,
    memberOnly: values.memberOnly,
    maxPerOrder: values.maxPerOrder ?? 10,
    maxPerUserPerDay: values.maxPerUserPerDay ?? null,
    usageRules: values.usageRules.map((rule) => ({ zh: rule.zh.trim(), en: rule.en.trim() })),
    noReasonReturnExcluded: values.noReasonReturnExcluded,
    buyerFields: isCardKey
      ? []
      : values.buyerFields.map((field): BuyerField => ({
          key: field.key.trim(),
          labelZh: field.labelZh.trim(),
          labelEn: field.labelEn.trim(),
          required: field.required,
          pattern: field.pattern.trim() === '' ? null : field.pattern.trim(),
          maxLength: field.maxLength ?? 64,
        })),
    deliveryHours: isCardKey ? null : values.deliveryHours,
    confirmHours: values.confirmHours ?? null,
  };
}

/** Creating goods (a draft), or changing them; placed orders keep the terms they were bought under. */
export function ProductFormModal({ product, onClose }: { product: ProductView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ProductFormValues>();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const categories = useQuery({ queryKey: CATEGORIES_QUERY_KEY, queryFn: getCategories, staleTime: 60_000 });
  const zh = currentLocale() === 'zh-CN';
  const all = categories.data?.items ?? [];
  const nameOf = (category: { nameZh: string; nameEn: string }) => (zh ? category.nameZh : category.nameEn);
  const gameOf = (categoryId: string) => {
    const category = all.find((item) => item.id === categoryId);
    return category ? (category.parentId ?? category.id) : undefined;
  };
  const games = all.filter((category) => category.parentId === null);
  const gameId = Form.useWatch('gameId', form);
  const kind = Form.useWatch('kind', form) ?? product?.kind ?? 'card_key';
  const children = all.filter((category) => category.parentId === gameId);
  // A game without kinds of goods is itself where goods go.
  const leaves = children.length > 0 ? children : games.filter((game) => game.id === gameId);

  const save = useMutation({
    mutationFn: (input: ProductInput) => {
      if (!product) return createProduct(input);
      const { kind: _kind, ...changes } = input;
      return updateProduct(product.id, changes);
    },
    onMutate: () => setProblem(null),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: PRODUCTS_QUERY_KEY });
      void message.success(product ? t('merchant.productForm.saved') : t('merchant.productForm.created'));
      onClose();
    },
    onError: (error) => setProblem(showProblemOnForm(form, error, t('errors.loadFailed'))),
  });

  const required = { required: true, whitespace: true, message: t('merchant.productForm.requiredText') };
  const hours = { type: 'integer' as const, min: 1, max: 720, message: t('merchant.productForm.hoursRule') };

  return (
    <Modal
      open
      width={760}
      title={product ? t('merchant.productForm.editTitle') : t('merchant.productForm.createTitle')}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="save"
          type="primary"
          loading={save.isPending}
          onClick={() => form.submit()}
          data-testid="product-save"
        >
          {t('merchant.productForm.save')}
        </Button>,
      ]}
    >
      {categories.isError && (
        <ProblemAlert error={categories.error} onRetry={() => void categories.refetch()} />
      )}
      {problem && <ProblemAlert error={problem} testId="product-error" />}
      {categories.isSuccess && (
        <Form<ProductFormValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={initialValues(product, gameOf)}
          onFinish={() => save.mutate(toInput(form.getFieldsValue(true) as ProductFormValues))}
          data-testid="product-form"
        >
          <Row gutter={12}>
            <Col xs={24} sm={12}>
              <Form.Item
                name="gameId"
                label={t('merchant.productForm.game')}
                rules={[{ required: true, message: t('merchant.productForm.gameRule') }]}
              >
                <Select
                  data-testid="product-game"
                  options={games.map((game) => ({ value: game.id, label: nameOf(game) }))}
                  onChange={() => form.setFieldValue('categoryId', undefined)}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item
                name="categoryId"
                label={t('merchant.productForm.category')}
                rules={[{ required: true, message: t('merchant.productForm.categoryRule') }]}
              >
                <Select
                  data-testid="product-category"
                  disabled={gameId === undefined}
                  options={leaves.map((leaf) => ({ value: leaf.id, label: nameOf(leaf) }))}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="kind"
            label={t('merchant.productForm.kind')}
            extra={t(`merchant.productForm.kindHints.${kind}`)}
          >
            <Radio.Group disabled={product !== null} data-testid="product-kind">
              {KINDS.map((value) => (
                <Radio key={value} value={value} data-testid={`product-kind-${value}`}>
                  {t(`merchant.kinds.${value}`)}
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="title"
            label={t('merchant.productForm.title')}
            rules={[required, { min: 2, max: 80, message: t('merchant.productForm.titleRule') }]}
          >
            <Input maxLength={80} data-testid="product-title" />
          </Form.Item>
          <Form.Item name="description" label={t('merchant.productForm.description')}>
            <Input.TextArea
              maxLength={5000}
              autoSize={{ minRows: 2, maxRows: 8 }}
              data-testid="product-description"
            />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} sm={8}>
              <Form.Item
                name="price"
                label={t('merchant.productForm.price')}
                rules={[
                  {
                    validator: (_rule, value: string | undefined) =>
                      (moneyFromInput(value ?? '', 'CNY') ?? 0) <= 0
                        ? Promise.reject(new Error(t('merchant.productForm.priceRule')))
                        : Promise.resolve(),
                  },
                ]}
              >
                <Input prefix="¥" inputMode="decimal" data-testid="product-price" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8}>
              <Form.Item
                name="maxPerOrder"
                label={t('merchant.productForm.maxPerOrder')}
                rules={[
                  {
                    required: true,
                    type: 'integer',
                    min: 1,
                    max: 100,
                    message: t('merchant.productForm.countRule'),
                  },
                ]}
              >
                <InputNumber
                  min={1}
                  max={100}
                  precision={0}
                  className="merchant-full-width"
                  data-testid="product-max-per-order"
                />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8}>
              <Form.Item
                name="maxPerUserPerDay"
                label={t('merchant.productForm.maxPerUserPerDay')}
                extra={t('merchant.productForm.maxPerUserPerDayHint')}
                rules={[
                  { type: 'integer', min: 1, max: 10_000, message: t('merchant.productForm.countRule') },
                ]}
              >
                <InputNumber
                  min={1}
                  max={10_000}
                  precision={0}
                  className="merchant-full-width"
                  data-testid="product-max-per-day"
                />
              </Form.Item>
            </Col>
          </Row>
          <Space wrap size="large">
            <Form.Item name="memberOnly" valuePropName="checked">
              <Checkbox data-testid="product-member-only">{t('merchant.productForm.memberOnly')}</Checkbox>
            </Form.Item>
            <Form.Item
              name="noReasonReturnExcluded"
              valuePropName="checked"
              extra={t('merchant.productForm.noReasonReturnExcludedHint')}
            >
              <Checkbox data-testid="product-no-return">
                {t('merchant.productForm.noReasonReturnExcluded')}
              </Checkbox>
            </Form.Item>
          </Space>
          <UsageRulesList />
          {kind !== 'card_key' && <BuyerFieldsList />}
          <Row gutter={12}>
            {kind !== 'card_key' && (
              <Col xs={24} sm={12}>
                <Form.Item
                  name="deliveryHours"
                  label={t('merchant.productForm.deliveryHours')}
                  extra={t('merchant.productForm.deliveryHoursHint')}
                  rules={[{ ...hours, required: true }]}
                >
                  <InputNumber
                    min={1}
                    max={720}
                    precision={0}
                    className="merchant-full-width"
                    data-testid="product-delivery-hours"
                  />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} sm={12}>
              <Form.Item
                name="confirmHours"
                label={t('merchant.productForm.confirmHours')}
                extra={t('merchant.productForm.confirmHoursHint')}
                rules={[hours]}
              >
                <InputNumber
                  min={1}
                  max={720}
                  precision={0}
                  className="merchant-full-width"
                  data-testid="product-confirm-hours"
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      )}
    </Modal>
  );
}

function UsageRulesList() {
  const { t } = useTranslation();
  const required = { required: true, whitespace: true, message: t('merchant.productForm.requiredText') };
  return (
    <Form.Item label={t('merchant.productForm.usageRules')} extra={t('merchant.productForm.usageRulesHint')}>
      <Form.List name="usageRules">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Row key={field.key} gutter={8} className="merchant-list-row" align="top">
                <Col xs={24} sm={11}>
                  <Form.Item name={[field.name, 'zh']} rules={[required, { max: 200 }]} className="flush">
                    <Input
                      placeholder={t('merchant.productForm.ruleZh')}
                      data-testid={`product-rule-zh-${field.name}`}
                    />
                  </Form.Item>
                </Col>
                <Col xs={20} sm={11}>
                  <Form.Item name={[field.name, 'en']} rules={[required, { max: 300 }]} className="flush">
                    <Input
                      placeholder={t('merchant.productForm.ruleEn')}
                      data-testid={`product-rule-en-${field.name}`}
                    />
                  </Form.Item>
                </Col>
                <Col xs={4} sm={2}>
                  <Button
                    type="text"
                    icon={<MinusCircleOutlined />}
                    aria-label={t('merchant.productForm.remove')}
                    onClick={() => remove(field.name)}
                  />
                </Col>
              </Row>
            ))}
            {fields.length < 10 && (
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ zh: '', en: '' })}
                data-testid="product-add-rule"
              >
                {t('merchant.productForm.addRule')}
              </Button>
            )}
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}

function BuyerFieldsList() {
  const { t } = useTranslation();
  const required = { required: true, whitespace: true, message: t('merchant.productForm.requiredText') };
  return (
    <Form.Item
      label={t('merchant.productForm.buyerFields')}
      extra={t('merchant.productForm.buyerFieldsHint')}
    >
      <Form.List name="buyerFields">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <div key={field.key} className="merchant-list-row">
                <Row gutter={8}>
                  <Col xs={24} sm={8}>
                    <Form.Item
                      name={[field.name, 'key']}
                      label={t('merchant.productForm.fieldKey')}
                      rules={[
                        required,
                        { pattern: FIELD_KEY, message: t('merchant.productForm.fieldKeyRule') },
                      ]}
                    >
                      <Input data-testid={`product-field-key-${field.name}`} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={8}>
                    <Form.Item
                      name={[field.name, 'labelZh']}
                      label={t('merchant.productForm.fieldLabelZh')}
                      rules={[required, { max: 30 }]}
                    >
                      <Input data-testid={`product-field-zh-${field.name}`} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={8}>
                    <Form.Item
                      name={[field.name, 'labelEn']}
                      label={t('merchant.productForm.fieldLabelEn')}
                      rules={[required, { max: 60 }]}
                    >
                      <Input data-testid={`product-field-en-${field.name}`} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={14}>
                    <Form.Item
                      name={[field.name, 'pattern']}
                      label={t('merchant.productForm.fieldPattern')}
                      rules={[{ max: 200 }]}
                    >
                      <Input
                        spellCheck={false}
                        placeholder="^\d{5,12}$"
                        data-testid={`product-field-pattern-${field.name}`}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={16} sm={6}>
                    <Form.Item name={[field.name, 'required']} valuePropName="checked" label=" ">
                      <Checkbox>{t('merchant.productForm.fieldRequired')}</Checkbox>
                    </Form.Item>
                  </Col>
                  <Col xs={8} sm={4}>
                    <Form.Item label=" ">
                      <Button
                        type="text"
                        danger
                        icon={<MinusCircleOutlined />}
                        onClick={() => remove(field.name)}
                      >
                        {t('merchant.productForm.remove')}
                      </Button>
                    </Form.Item>
                  </Col>
                </Row>
              </div>
            ))}
            {fields.length < 10 && (
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ key: '', labelZh: '', labelEn: '', required: true, pattern: '' })}
                data-testid="product-add-field"
              >
                {t('merchant.productForm.addField')}
              </Button>
            )}
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}
