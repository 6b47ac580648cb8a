import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, InputNumber, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  SettingChange,
  ShopSettingKey,
  ShopSettings,
  ShopSettingsView,
} from '../../../../../common/api/settings.js';
import { formatMoney, moneyFromInput, moneyToInput } from '../../../../../common/money.js';
import { getShopSettings, updateShopSettings } from '../../../api/adminCommerce.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { showProblemOnForm } from '../../../components/formProblems.js';
import { formatDateTime } from '../../../format.js';
import { currentLocale } from '../../../i18n/i18n.js';
import { hasAnyRole, useMe } from '../../../session/session.js';
import { ReasonInput, ADMIN_COMMERCE_KEY, useConsoleChange } from './shared.js';
import { bpsToPercent, percentToBps } from './units.js';

/** The form speaks percent and yuan as typed text; the API basis points and 分. */
interface Values {
  platformFeeBps: string;
  merchantDepositMinimum: string;
  orderPaymentMinutes: number;
  cardKeyConfirmHours: number;
  serviceConfirmHours: number;
  reason: string;
}

const MAX_FEE_BPS = 5_000;
const MAX_DEPOSIT = 100_000_000_00;

function valuesOf(settings: ShopSettings): Omit<Values, 'reason'> {
  return {
    platformFeeBps: bpsToPercent(settings.platformFeeBps),
    merchantDepositMinimum: moneyToInput(settings.merchantDepositMinimum, 'CNY'),
    orderPaymentMinutes: settings.orderPaymentMinutes,
    cardKeyConfirmHours: settings.cardKeyConfirmHours,
    serviceConfirmHours: settings.serviceConfirmHours,
  };
}

/** The settings the form holds, converted back; validation has already refused what does not convert. */
function settingsOf(values: Values): ShopSettings {
  return {
    platformFeeBps: percentToBps(values.platformFeeBps) ?? 0,
    merchantDepositMinimum: moneyFromInput(values.merchantDepositMinimum, 'CNY') ?? 0,
    orderPaymentMinutes: values.orderPaymentMinutes,
    cardKeyConfirmHours: values.cardKeyConfirmHours,
    serviceConfirmHours: values.serviceConfirmHours,
  };
}

function changedOnly(before: ShopSettings, after: ShopSettings): Partial<ShopSettings> {
  return Object.fromEntries(
    (Object.keys(after) as ShopSettingKey[])
      .filter((key) => after[key] !== before[key])
      .map((key) => [key, after[key]]),
  );
}

function LastChanged({ change, testId }: { change: SettingChange | null; testId: string }) {
  const { t } = useTranslation();
  return (
    <span data-testid={testId}>
      {change
        ? t('adminCommerce.settings.lastChanged', {
            at: formatDateTime(change.at, currentLocale()),
            by: change.by?.email ?? t('adminCommerce.settings.system'),
          })
        : t('adminCommerce.settings.neverChanged')}
    </span>
  );
}

function Hint({ text, change, setting }: { text: string; change: SettingChange | null; setting: string }) {
  return (
    <Flex vertical>
      <span>{text}</span>
      <LastChanged change={change} testId={`settings-last-changed-${setting}`} />
    </Flex>
  );
}

/** A setting that is a whole number of minutes or hours within the range the server accepts. */
function WholeNumberSetting(props: {
  setting: ShopSettingKey;
  label: string;
  hint: string;
  change: SettingChange | null;
  range: [number, number];
  unit: string;
  testId: string;
}) {
  const [min, max] = props.range;
  return (
    <Form.Item
      name={props.setting}
      label={props.label}
      extra={<Hint text={props.hint} change={props.change} setting={props.setting} />}
      rules={[{ required: true, type: 'integer', min, max }]}
    >
      <InputNumber min={min} max={max} precision={0} suffix={props.unit} data-testid={props.testId} />
    </Form.Item>
  );
}

/** An auditor sees the settings in force and their history, without a form. */
function SettingsReadOnly({ view }: { view: ShopSettingsView }) {
  const { t } = useTranslation();
  const { settings, lastChanged } = view;
  const item = (key: ShopSettingKey, label: string, value: string) => ({
    key,
    label,
    children: (
      <Flex vertical>
        <span data-testid={`settings-value-${key}`}>{value}</span>
        <Typography.Text type="secondary">
          <LastChanged change={lastChanged[key]} testId={`settings-last-changed-${key}`} />
        </Typography.Text>
      </Flex>
    ),
  });
  return (
    <Card data-testid="settings-read-only">
      <Alert type="info" showIcon className="form-alert" title={t('adminCommerce.readOnly')} />
      <Descriptions
        column={1}
        size="small"
        items={[
          item(
            'platformFeeBps',
            t('adminCommerce.settings.platformFee'),
            `${bpsToPercent(settings.platformFeeBps)} %`,
          ),
          item(
            'merchantDepositMinimum',
            t('adminCommerce.settings.deposit'),
            formatMoney(settings.merchantDepositMinimum, 'CNY'),
          ),
          item(
            'orderPaymentMinutes',
            t('adminCommerce.settings.paymentMinutes'),
            `${settings.orderPaymentMinutes} ${t('adminCommerce.settings.minutes')}`,
          ),
          item(
            'cardKeyConfirmHours',
            t('adminCommerce.settings.cardKeyHours'),
            `${settings.cardKeyConfirmHours} ${t('adminCommerce.settings.hours')}`,
          ),
          item(
            'serviceConfirmHours',
            t('adminCommerce.settings.serviceHours'),
            `${settings.serviceConfirmHours} ${t('adminCommerce.settings.hours')}`,
          ),
        ]}
      />
    </Card>
  );
}

function SettingsForm({ view }: { view: ShopSettingsView }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const { mutation, problem, setProblem } = useConsoleChange(
    updateShopSettings,
    (saved) => form.setFieldsValue({ ...valuesOf(saved.settings), reason: '' }),
    t('adminCommerce.settings.saved'),
  );
  const { settings, lastChanged } = view;
  const hours = t('adminCommerce.settings.hours');

  const submit = (values: Values) => {
    const changes = changedOnly(settings, settingsOf(values));
    if (Object.keys(changes).length === 0) {
      form.setFields([{ name: 'platformFeeBps', errors: [t('adminCommerce.settings.noChanges')] }]);
      return;
    }
    mutation.mutate(
      { ...changes, reason: values.reason.trim() },
      { onError: (error) => setProblem(showProblemOnForm(form, error, t('errors.loadFailed'))) },
    );
  };

  return (
    <Card>
      {problem && <ProblemAlert error={problem} testId="settings-error" />}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{ ...valuesOf(settings), reason: '' }}
        onFinish={submit}
        className="admin-commerce-settings-form"
        data-testid="settings-form"
      >
        <Form.Item
          name="platformFeeBps"
          label={t('adminCommerce.settings.platformFee')}
          extra={
            <Hint
              text={t('adminCommerce.settings.platformFeeHint')}
              change={lastChanged.platformFeeBps}
              setting="platformFeeBps"
            />
          }
          rules={[
            {
              validator: (_rule, value: string) => {
                const bps = percentToBps(value ?? '');
                if (bps === null || bps > MAX_FEE_BPS)
                  return Promise.reject(new Error(t('adminCommerce.settings.platformFeeInvalid')));
                return Promise.resolve();
              },
            },
          ]}
        >
          <Input suffix="%" inputMode="decimal" data-testid="settings-fee" />
        </Form.Item>
        <Form.Item
          name="merchantDepositMinimum"
          label={t('adminCommerce.settings.deposit')}
          extra={
            <Hint
              text={t('adminCommerce.settings.depositHint')}
              change={lastChanged.merchantDepositMinimum}
              setting="merchantDepositMinimum"
            />
          }
          rules={[
            {
              validator: (_rule, value: string) => {
                const amount = moneyFromInput(value ?? '', 'CNY');
                if (amount === null || amount < 0 || amount > MAX_DEPOSIT)
                  return Promise.reject(new Error(t('adminCommerce.settings.depositInvalid')));
                return Promise.resolve();
              },
            },
          ]}
        >
          <Input prefix="¥" inputMode="decimal" data-testid="settings-deposit" />
        </Form.Item>
        <WholeNumberSetting
          setting="orderPaymentMinutes"
          label={t('adminCommerce.settings.paymentMinutes')}
          hint={t('adminCommerce.settings.paymentMinutesHint')}
          change={lastChanged.orderPaymentMinutes}
          range={[5, 24 * 60]}
          unit={t('adminCommerce.settings.minutes')}
          testId="settings-payment-minutes"
        />
        <WholeNumberSetting
          setting="cardKeyConfirmHours"
          label={t('adminCommerce.settings.cardKeyHours')}
          hint={t('adminCommerce.settings.confirmHint')}
          change={lastChanged.cardKeyConfirmHours}
          range={[1, 30 * 24]}
          unit={hours}
          testId="settings-card-key-hours"
        />
        <WholeNumberSetting
          setting="serviceConfirmHours"
          label={t('adminCommerce.settings.serviceHours')}
          hint={t('adminCommerce.settings.confirmHint')}
          change={lastChanged.serviceConfirmHours}
          range={[1, 30 * 24]}
          unit={hours}
          testId="settings-service-hours"
        />
        <ReasonInput testId="settings-reason" />
        <Button type="primary" htmlType="submit" loading={mutation.isPending} data-testid="settings-submit">
          {t('adminCommerce.settings.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** Fee rate, deposit minimum and the order windows: admins change them with a reason, auditors read them. */
export function SettingsPage() {
  const { t } = useTranslation();
  const canChange = hasAnyRole(useMe().data, ['admin']);
  const settings = useQuery({ queryKey: [ADMIN_COMMERCE_KEY, 'settings'], queryFn: getShopSettings });

  return (
    <Flex vertical gap="large" data-testid="settings-page">
      <Typography.Title level={2} className="page-title">
        {t('adminCommerce.settings.title')}
      </Typography.Title>
      <Alert
        type="warning"
        showIcon
        title={t('adminCommerce.settings.appliesNote')}
        data-testid="settings-applies-note"
      />
      {settings.isError && <ProblemAlert error={settings.error} onRetry={() => void settings.refetch()} />}
      {settings.isPending && <Spin size="large" className="page-spinner" />}
      {settings.data &&
        (canChange ? <SettingsForm view={settings.data} /> : <SettingsReadOnly view={settings.data} />)}
    </Flex>
  );
}
