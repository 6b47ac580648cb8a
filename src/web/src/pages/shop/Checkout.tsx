import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { newIdempotencyKey } from '../../api/client.js';
import { BALANCES_QUERY_KEY, getBalances } from '../../api/endpoints.js';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Skeleton,
  Steps,
  Typography,
  type FormRule,
} from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { BuyerField, ProductView } from '../../../../common/api/catalog.js';
import type { OrderView } from '../../../../common/api/orders.js';
import { formatMoney } from '../../../../common/money.js';
import { isProblem } from '../../api/problem.js';
import { createOrder, payGuestOrder, payOrder } from '../../api/shop.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { useMe } from '../../session/session.js';
import { goToPayment, PaymentMethods, WALLET } from './PaymentMethods.js';
import { UsageRules } from './ProductPage.js';
import { inLanguage, rememberGuestPassword } from './shopHelpers.js';

type StepName = 'details' | 'rules' | 'returns' | 'pay';
/** `wallet` or a channel id. */
type PayMethod = string;

interface CheckoutValues {
  quantity: number;
  buyerInput: Record<string, string | undefined>;
  guestEmail: string;
  guestPassword: string;
  acknowledgeRules: boolean;
  acknowledgeReturns: boolean;
  method: PayMethod;
}

/** One checkout attempt: its idempotency keys, and the order once created (a retry only pays it). */
interface Attempt {
  createKey: string;
  payKey: string;
  order: OrderView | null;
}

const freshAttempt = (): Attempt => ({
  createKey: newIdempotencyKey(),
  payKey: newIdempotencyKey(),
  order: null,
});

interface FieldMessages {
  required: string;
  tooLong: string;
  pattern: string;
}

/** The same checks the server makes, so that a mistake shows under the field before anything is sent. */
function buyerFieldRules(field: BuyerField, messages: FieldMessages): FormRule[] {
  const rules: FormRule[] = [
    { required: field.required, whitespace: true, message: messages.required },
    { max: field.maxLength, message: messages.tooLong },
  ];
  if (field.pattern) rules.push({ pattern: new RegExp(field.pattern), message: messages.pattern });
  return rules;
}

function SignInNeeded({ product }: { product: ProductView }) {
  const { t } = useTranslation();
  const next = encodeURIComponent(`/products/${product.id}`);
  return (
    <Alert
      type="info"
      showIcon
      data-testid="checkout-sign-in"
      title={t('shop.checkout.signInNeeded')}
      action={
        <Link to={`/login?next=${next}`} data-testid="checkout-sign-in-link">
          {t('shop.checkout.signIn')}
        </Link>
      }
    />
  );
}

/**
 * The checkout as steps: what and how many (with top-up fields or guest details), the usage rules to
 * acknowledge, a separate step for the no-reason-return exclusion when it applies, and payment.
 */
export function Checkout({
  product,
  onRulesChanged,
  onClose,
}: {
  product: ProductView;
  onRulesChanged: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const [form] = Form.useForm<CheckoutValues>();
  const [step, setStep] = useState<StepName>('details');
  const [rulesChanged, setRulesChanged] = useState(false);
  const attempt = useRef<Attempt>(freshAttempt());
  // The order of this attempt, once created: shown with a link when paying it failed.
  const [createdOrder, setCreatedOrder] = useState<OrderView | null>(null);
  const signedIn = me.data !== null && me.data !== undefined;
  const isGuest = me.data === null;

  const balances = useQuery({ queryKey: BALANCES_QUERY_KEY, queryFn: getBalances, enabled: signedIn });
  const wallet = balances.data?.items.find(
    (account) => account.kind === 'user_wallet' && account.currency === 'CNY',
  );
  const available = wallet?.available ?? 0;

  const quantity = Form.useWatch('quantity', form) ?? 1;
  const method = Form.useWatch('method', form);
  const total = product.price * quantity;
  const maxQuantity = Math.max(1, Math.min(product.maxPerOrder, product.stock ?? product.maxPerOrder));

  const steps: StepName[] = product.noReasonReturnExcluded
    ? ['details', 'rules', 'returns', 'pay']
    : ['details', 'rules', 'pay'];
  const stepIndex = steps.indexOf(step);

  const submit = useMutation({
    mutationFn: async (values: CheckoutValues) => {
      let order = attempt.current.order;
      // 立即购买: a signed-in buyer paying from the wallet creates and pays in one request (nothing is
      // created when the wallet is short).
      const buyNow = order === null && !isGuest && values.method === WALLET;
      if (order === null) {
        const buyerInput: Record<string, string> = {};
        for (const field of product.buyerFields) {
          const value = values.buyerInput?.[field.key]?.trim();
          if (value) buyerInput[field.key] = value;
        }
        order = await createOrder(
          {
            productId: product.id,
            quantity: values.quantity,
            buyerInput,
            rulesVersion: product.rulesVersion,
            acknowledgeNoReasonReturnExclusion: product.noReasonReturnExcluded && values.acknowledgeReturns,
            ...(isGuest
              ? { guest: { email: values.guestEmail.trim(), queryPassword: values.guestPassword } }
              : {}),
            ...(buyNow ? { payWith: WALLET } : {}),
          },
          attempt.current.createKey,
        );
        attempt.current.order = order;
        setCreatedOrder(order);
        if (isGuest) rememberGuestPassword(order.id, values.guestPassword);
        if (buyNow) return { order, answer: { paymentId: order.payments[0]?.id ?? '', redirectUrl: null } };
      }
      const answer = isGuest
        ? await payGuestOrder(order.id, values.guestPassword, values.method, attempt.current.payKey)
        : await payOrder(order.id, values.method, attempt.current.payKey);
      return { order, answer };
    },
    onSuccess: async ({ order, answer }) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['orders'] }),
        queryClient.invalidateQueries({ queryKey: BALANCES_QUERY_KEY }),
        queryClient.invalidateQueries({ queryKey: ['catalog'] }),
      ]);
      if (answer.redirectUrl) goToPayment(answer.redirectUrl, navigate);
      else void navigate(`/orders/${order.id}`);
    },
    onError: (error) => {
      if (isProblem(error, 'ORDER_RULES_CHANGED')) {
        // The buyer acknowledged older rules: show the new ones and ask again.
        attempt.current = freshAttempt();
        setCreatedOrder(null);
        form.setFieldsValue({ acknowledgeRules: false, acknowledgeReturns: false });
        setRulesChanged(true);
        setStep('rules');
        onRulesChanged();
      }
    },
  });

  // Changing what is bought after an order was created starts a new attempt (a new order); paying the
  // same order another way is another payment request (the same key with another body is refused).
  const onValuesChange = (changed: Partial<CheckoutValues>) => {
    if ('method' in changed) attempt.current.payKey = newIdempotencyKey();
    else if (attempt.current.order !== null) {
      attempt.current = freshAttempt();
      setCreatedOrder(null);
    }
  };

  const goTo = async (next: StepName, fields: Array<keyof CheckoutValues | Array<string>>) => {
    try {
      await form.validateFields(fields as never);
      setStep(next);
    } catch {
      // The form shows what is wrong under each field.
    }
  };

  if (me.isPending) return <Skeleton active />;
  if (isGuest && product.kind !== 'card_key') {
    return (
      <Card title={t('shop.checkout.title')} data-testid="checkout">
        <SignInNeeded product={product} />
      </Card>
    );
  }

  const problem = submit.error;
  const orderCreated = createdOrder;

  return (
    <Card
      title={t('shop.checkout.title')}
      data-testid="checkout"
      extra={
        <Button type="link" onClick={onClose} data-testid="checkout-close">
          {t('common.cancel')}
        </Button>
      }
    >
      <Steps
        size="small"
        current={stepIndex}
        className="shop-steps"
        items={steps.map((name) => ({ title: t(`shop.checkout.steps.${name}`) }))}
        responsive={false}
        orientation="horizontal"
        titlePlacement="vertical"
      />
      <Form<CheckoutValues>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{
          quantity: 1,
          method: isGuest ? undefined : WALLET,
          acknowledgeRules: false,
          acknowledgeReturns: false,
        }}
        onValuesChange={onValuesChange}
        onFinish={() => submit.mutate(form.getFieldsValue(true) as CheckoutValues)}
        className="shop-checkout-form"
      >
        {step === 'details' && (
          <>
            <Form.Item
              name="quantity"
              label={t('shop.checkout.quantity')}
              extra={t('shop.product.maxPerOrder', { max: product.maxPerOrder })}
              rules={[
                {
                  required: true,
                  type: 'integer',
                  min: 1,
                  max: maxQuantity,
                  message: t('shop.checkout.quantityRange', { max: maxQuantity }),
                },
              ]}
            >
              <InputNumber min={1} max={maxQuantity} precision={0} data-testid="checkout-quantity" />
            </Form.Item>
            {product.buyerFields.map((field) => {
              const label = inLanguage(field.labelZh, field.labelEn);
              return (
                <Form.Item
                  key={field.key}
                  name={['buyerInput', field.key]}
                  label={label}
                  rules={buyerFieldRules(field, {
                    required: t('shop.checkout.fieldRequired', { field: label }),
                    tooLong: t('shop.checkout.fieldTooLong', { field: label, max: field.maxLength }),
                    pattern: t('shop.checkout.fieldPattern', { field: label }),
                  })}
                >
                  <Input maxLength={field.maxLength} data-testid={`checkout-field-${field.key}`} />
                </Form.Item>
              );
            })}
            {isGuest && (
              <>
                <Alert type="info" showIcon className="form-alert" title={t('shop.checkout.guestIntro')} />
                <Form.Item
                  name="guestEmail"
                  label={t('shop.checkout.guestEmail')}
                  rules={[{ required: true, type: 'email', message: t('shop.checkout.guestEmailInvalid') }]}
                >
                  <Input type="email" autoComplete="email" data-testid="checkout-guest-email" />
                </Form.Item>
                <Form.Item
                  name="guestPassword"
                  label={t('shop.checkout.guestPassword')}
                  extra={t('shop.checkout.guestPasswordNote')}
                  rules={[
                    { required: true, min: 6, max: 64, message: t('shop.checkout.guestPasswordInvalid') },
                  ]}
                >
                  <Input.Password autoComplete="new-password" data-testid="checkout-guest-password" />
                </Form.Item>
              </>
            )}
            <Typography.Paragraph>
              {t('shop.checkout.total')}{' '}
              <Typography.Text strong className="shop-price" data-testid="checkout-total">
                {formatMoney(total, 'CNY')}
              </Typography.Text>
            </Typography.Paragraph>
            <Button
              type="primary"
              block
              data-testid="checkout-next"
              onClick={() =>
                void goTo('rules', [
                  'quantity',
                  ...product.buyerFields.map((field) => ['buyerInput', field.key]),
                  ...(isGuest ? (['guestEmail', 'guestPassword'] as const) : []),
                ])
              }
            >
              {t('shop.checkout.next')}
            </Button>
          </>
        )}
        {step === 'rules' && (
          <>
            {rulesChanged && (
              <Alert
                type="warning"
                showIcon
                className="form-alert"
                data-testid="checkout-rules-changed"
                title={t('shop.checkout.rulesChanged')}
              />
            )}
            <Typography.Paragraph>{t('shop.checkout.rulesIntro')}</Typography.Paragraph>
            <UsageRules rules={product.usageRules} testId="checkout-rules" />
            <Form.Item
              name="acknowledgeRules"
              valuePropName="checked"
              rules={[
                {
                  validator: (_rule, value) =>
                    value ? Promise.resolve() : Promise.reject(new Error(t('shop.checkout.ackRequired'))),
                },
              ]}
            >
              <Checkbox data-testid="checkout-ack-rules">{t('shop.checkout.ackRules')}</Checkbox>
            </Form.Item>
            <Flex gap={8}>
              <Button onClick={() => setStep('details')}>{t('shop.checkout.back')}</Button>
              <Button
                type="primary"
                data-testid="checkout-next"
                onClick={() =>
                  void goTo(product.noReasonReturnExcluded ? 'returns' : 'pay', ['acknowledgeRules'])
                }
              >
                {t('shop.checkout.next')}
              </Button>
            </Flex>
          </>
        )}
        {step === 'returns' && (
          <>
            <Alert
              type="warning"
              showIcon
              className="form-alert"
              data-testid="checkout-returns-notice"
              title={t('shop.checkout.returnsTitle')}
              description={t('shop.checkout.returnsBody')}
            />
            <Form.Item
              name="acknowledgeReturns"
              valuePropName="checked"
              rules={[
                {
                  validator: (_rule, value) =>
                    value ? Promise.resolve() : Promise.reject(new Error(t('shop.checkout.ackRequired'))),
                },
              ]}
            >
              <Checkbox data-testid="checkout-ack-returns">{t('shop.checkout.ackReturns')}</Checkbox>
            </Form.Item>
            <Flex gap={8}>
              <Button onClick={() => setStep('rules')}>{t('shop.checkout.back')}</Button>
              <Button
                type="primary"
                data-testid="checkout-next"
                onClick={() => void goTo('pay', ['acknowledgeReturns'])}
              >
                {t('shop.checkout.next')}
              </Button>
            </Flex>
          </>
        )}
        {step === 'pay' && (
          <>
            <Descriptions column={1} size="small" className="form-alert">
              <Descriptions.Item label={t('shop.checkout.product')}>{product.title}</Descriptions.Item>
              <Descriptions.Item label={t('shop.checkout.quantity')}>{quantity}</Descriptions.Item>
              <Descriptions.Item label={t('shop.checkout.total')}>
                <Typography.Text strong className="shop-price" data-testid="checkout-pay-total">
                  {formatMoney(total, 'CNY')}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
            <Form.Item name="method" label={t('shop.checkout.method')}>
              <PaymentMethods
                amount={total}
                testIdPrefix="checkout"
                wallet={
                  signedIn ? (
                    <Typography.Text type="secondary" data-testid="checkout-balance">
                      {balances.data
                        ? t('shop.checkout.balance', { amount: formatMoney(available, 'CNY') })
                        : ''}
                    </Typography.Text>
                  ) : undefined
                }
              />
            </Form.Item>
            {signedIn && method === WALLET && balances.data && available < total && (
              <Alert
                type="warning"
                showIcon
                className="form-alert"
                data-testid="checkout-insufficient"
                title={t('shop.checkout.insufficient')}
                action={<Link to="/account/wallet">{t('shop.checkout.topUp')}</Link>}
              />
            )}
            {problem !== null && (
              <>
                <ProblemAlert error={problem} testId="checkout-problem" />
                {isProblem(problem, 'ORDER_INSUFFICIENT_BALANCE') && (
                  <Typography.Paragraph>
                    <Link to="/account/wallet" data-testid="checkout-top-up">
                      {t('shop.checkout.topUp')}
                    </Link>
                  </Typography.Paragraph>
                )}
                {orderCreated && (
                  <Typography.Paragraph>
                    {signedIn ? (
                      <Link to={`/orders/${orderCreated.id}`} data-testid="checkout-order-link">
                        {t('shop.checkout.orderCreated', { id: orderCreated.id })}
                      </Link>
                    ) : (
                      t('shop.checkout.orderCreated', { id: orderCreated.id })
                    )}
                  </Typography.Paragraph>
                )}
              </>
            )}
            <Flex gap={8}>
              <Button onClick={() => setStep(steps[stepIndex - 1] ?? 'details')}>
                {t('shop.checkout.back')}
              </Button>
              <Button
                type="primary"
                htmlType="submit"
                loading={submit.isPending}
                disabled={!method}
                data-testid="checkout-submit"
              >
                {signedIn && method === WALLET
                  ? t('shop.checkout.submitWallet')
                  : t('shop.checkout.submitProvider')}
              </Button>
            </Flex>
          </>
        )}
      </Form>
    </Card>
  );
}
