import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Form, Input, Row, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isProblem } from '../../api/problem.js';
import { lookupGuestOrder, recoverGuestOrders, revealGuestKeys } from '../../api/shop.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { OrderDetails, OrderStatusTag } from './OrderDetails.js';
import { OrderKeys } from './OrderKeys.js';
import { rememberedGuestPassword } from './shopHelpers.js';

interface LookupValues {
  orderId: string;
  password: string;
}

function RecoverOrders() {
  const { t } = useTranslation();
  const recover = useMutation({ mutationFn: (email: string) => recoverGuestOrders(email) });
  return (
    <Card size="small" title={t('shop.guest.forgotTitle')} data-testid="guest-recover">
      <Form<{ email: string }>
        layout="vertical"
        requiredMark={false}
        onFinish={({ email }) => recover.mutate(email.trim())}
      >
        <Form.Item
          name="email"
          label={t('shop.checkout.guestEmail')}
          rules={[{ required: true, type: 'email', message: t('shop.checkout.guestEmailInvalid') }]}
        >
          <Input type="email" autoComplete="email" data-testid="guest-recover-email" />
        </Form.Item>
        <Button htmlType="submit" loading={recover.isPending} data-testid="guest-recover-submit">
          {t('shop.guest.forgotSubmit')}
        </Button>
      </Form>
      {recover.isSuccess && (
        <Alert
          type="success"
          showIcon
          className="shop-gap-top"
          title={t('shop.guest.forgotSent')}
          data-testid="guest-recover-sent"
        />
      )}
      {recover.isError && <ProblemAlert error={recover.error} testId="guest-recover-problem" />}
    </Card>
  );
}

/** 订单查询: a guest opens their order with its number and the query password chosen at checkout. */
export function GuestLookupPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const prefilledOrder = params.get('order') ?? '';
  const [form] = Form.useForm<LookupValues>();
  const [opened, setOpened] = useState<LookupValues | null>(null);
  const [showRecover, setShowRecover] = useState(false);
  const lookup = useMutation({
    mutationFn: (values: LookupValues) => lookupGuestOrder(values.orderId, values.password),
  });
  const submit = (values: LookupValues) => {
    const trimmed = { orderId: values.orderId.trim(), password: values.password };
    setOpened(trimmed);
    lookup.mutate(trimmed);
  };
  const order = lookup.data;

  return (
    <Flex vertical gap="large">
      <Typography.Title level={2} className="page-title">
        {t('shop.guest.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={order ? 24 : 14}>
          <Card size="small">
            <Form<LookupValues>
              form={form}
              layout="vertical"
              requiredMark={false}
              initialValues={{ orderId: prefilledOrder, password: rememberedGuestPassword(prefilledOrder) }}
              onFinish={submit}
            >
              <Form.Item
                name="orderId"
                label={t('shop.guest.orderId')}
                rules={[{ required: true, message: t('shop.guest.orderIdRequired') }]}
              >
                <Input autoComplete="off" data-testid="guest-order-id" />
              </Form.Item>
              <Form.Item
                name="password"
                label={t('shop.guest.password')}
                rules={[{ required: true, message: t('shop.guest.passwordRequired') }]}
              >
                <Input.Password autoComplete="current-password" data-testid="guest-password" />
              </Form.Item>
              {lookup.isError &&
                (isProblem(lookup.error, 'ORDER_GUEST_LOOKUP_THROTTLED') ? (
                  <Alert
                    type="error"
                    showIcon
                    className="form-alert"
                    data-testid="guest-throttled"
                    data-code="ORDER_GUEST_LOOKUP_THROTTLED"
                    title={t('shop.guest.throttledTitle')}
                    description={lookup.error.detail}
                  />
                ) : (
                  <ProblemAlert error={lookup.error} testId="guest-problem" />
                ))}
              <Flex gap={8} wrap align="center">
                <Button
                  type="primary"
                  htmlType="submit"
                  loading={lookup.isPending}
                  data-testid="guest-lookup-submit"
                >
                  {t('shop.guest.submit')}
                </Button>
                <Button
                  type="link"
                  onClick={() => setShowRecover((shown) => !shown)}
                  data-testid="guest-forgot"
                >
                  {t('shop.guest.forgot')}
                </Button>
              </Flex>
            </Form>
          </Card>
        </Col>
        {showRecover && (
          <Col xs={24} md={order ? 24 : 10}>
            <RecoverOrders />
          </Col>
        )}
      </Row>
      {order && opened && (
        <Flex vertical gap="middle" data-testid="guest-order">
          <Flex justify="space-between" align="center" gap={8} wrap>
            <Typography.Title level={3} className="page-title shop-break">
              {order.title}
            </Typography.Title>
            <OrderStatusTag status={order.status} />
          </Flex>
          {order.status === 'created' && <Alert type="info" showIcon title={t('shop.guest.unpaid')} />}
          {order.kind === 'card_key' && ['delivered', 'confirmed', 'settled'].includes(order.status) && (
            <OrderKeys key={order.id} reveal={() => revealGuestKeys(opened.orderId, opened.password)} />
          )}
          <OrderDetails order={order} />
        </Flex>
      )}
    </Flex>
  );
}
