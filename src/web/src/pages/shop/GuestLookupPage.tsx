import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Flex, Form, Input, Row, Typography } from 'antd';
import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { isProblem } from '../../api/problem.js';
import type { GuestOrderView } from '../../../../common/api/orders.js';
import { lookupGuestOrder, recoverGuestOrders } from '../../api/shop.js';
import { ProblemAlert } from '../../components/ProblemAlert.js';
import { GuestOrder, type GuestAccess } from './GuestOrder.js';
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

/**
 * 订单查询: a guest opens their order with its number and the query password chosen at checkout. The
 * answer's 2-hour pass stays in this page's memory only (a reload asks for the password again) and opens
 * the order's chat and after-sales; when the server refuses it, the order closes and the form asks again.
 */
export function GuestLookupPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const prefilledOrder = params.get('order') ?? '';
  const [form] = Form.useForm<LookupValues>();
  const [opened, setOpened] = useState<{ access: GuestAccess; order: GuestOrderView } | null>(null);
  // The pass in use: a request of an older pass, refused late, must not close a newer one.
  const currentPass = useRef<string | null>(null);
  const [passExpired, setPassExpired] = useState(false);
  const [showRecover, setShowRecover] = useState(false);
  const lookup = useMutation({
    mutationFn: (values: LookupValues) => lookupGuestOrder(values.orderId, values.password),
    onSuccess: (order, values) => {
      currentPass.current = order.guestPass;
      setOpened({ access: { orderId: order.id, password: values.password, pass: order.guestPass }, order });
      setPassExpired(false);
    },
  });
  const submit = (values: LookupValues) =>
    lookup.mutate({ orderId: values.orderId.trim(), password: values.password });
  const passRefused = useCallback(
    (pass: string) => {
      if (currentPass.current !== pass) return;
      currentPass.current = null;
      setOpened(null);
      setPassExpired(true);
      form.setFieldValue('password', '');
    },
    [form],
  );

  return (
    <Flex vertical gap="large">
      <Typography.Title level={2} className="page-title">
        {t('shop.guest.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={opened ? 24 : 14}>
          <Card size="small">
            <Form<LookupValues>
              form={form}
              layout="vertical"
              requiredMark={false}
              initialValues={{ orderId: prefilledOrder, password: rememberedGuestPassword(prefilledOrder) }}
              onFinish={submit}
            >
              {passExpired && (
                <Alert
                  type="warning"
                  showIcon
                  className="form-alert"
                  title={t('shop.guest.passExpired')}
                  data-testid="guest-pass-expired"
                />
              )}
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
          <Col xs={24} md={opened ? 24 : 10}>
            <RecoverOrders />
          </Col>
        )}
      </Row>
      {opened && (
        <GuestOrder
          key={opened.access.pass}
          access={opened.access}
          initial={opened.order}
          onPassRefused={passRefused}
        />
      )}
    </Flex>
  );
}
