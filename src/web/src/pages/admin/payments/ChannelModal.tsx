import { Divider, Form, Input, Modal, Select, Switch, Typography, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChannelView } from '../../../../../common/api/payments.js';
import { parseIpSource } from '../../../../../common/ip-sources.js';
import { moneyFromInput, moneyToInput } from '../../../../../common/money.js';
import { createChannel, updateChannel, type ChannelInput } from '../../../api/payments.js';
import { isProblem } from '../../../api/problem.js';
import { ProblemAlert } from '../../../components/ProblemAlert.js';
import { useConsoleChange } from '../commerce/shared.js';
import { bpsToPercent, percentToBps } from '../commerce/units.js';
import {
  anyCredentialTyped,
  CHANNEL_KINDS,
  initialSettings,
  kindForm,
  payloadOf,
  type ChannelKindName,
  type FieldValues,
} from './channelKinds.js';
import { KindFields } from './KindFields.js';

/** The form speaks percent and yuan as typed text; the API basis points and 分. */
interface Values {
  kind: ChannelKindName | undefined;
  name: string;
  enabled: boolean;
  feePercent: string;
  minYuan: string;
  maxYuan: string;
  settings?: FieldValues;
  credentials?: FieldValues;
  /** One IP or CIDR block per line (or separated by commas); empty: callbacks from anywhere. */
  callbackSources: string;
}

const sourcesOf = (text: string | undefined): string[] =>
  (text ?? '')
    .split(/[\s,，]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);

const MAX_AMOUNT = 100_000_000_00;
const fen = (text: string | undefined) => {
  const amount = moneyFromInput(text ?? '', 'CNY');
  return amount !== null && amount >= 1 && amount <= MAX_AMOUNT ? amount : null;
};

/**
 * PAYMENT_CHANNEL_INVALID names the field it refuses (`credentials.signingKey: …`): its message goes under
 * that field as well as above the form.
 */
function markInvalidField(form: FormInstance<Values>, error: unknown): void {
  if (!isProblem(error, 'PAYMENT_CHANNEL_INVALID')) return;
  const field = /\b(settings|credentials)\.([A-Za-z]+)/.exec(error.detail);
  if (field) form.setFields([{ name: [field[1]!, field[2]!] as never, errors: [error.detail] }]);
}

/**
 * Adds a channel (the kind first, then that kind's settings and keys) or edits `channel`: its settings
 * are filled in, its keys never are — left empty they are kept. The server's refusal
 * (PAYMENT_CHANNEL_INVALID names the field) shows above the form.
 */
export function ChannelModal({ channel, onClose }: { channel: ChannelView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? channel?.kind;
  const typed = Form.useWatch('credentials', form);
  const spec = kind ? kindForm(kind) : null;
  const { mutation, problem } = useConsoleChange((input: ChannelInput) => {
    if (!channel) return createChannel(input);
    const { kind: _kind, ...update } = input;
    return updateChannel(channel.id, update);
  }, onClose);
  const secrets = !channel ? 'new' : spec && anyCredentialTyped(spec, typed) ? 'replace' : 'keep';

  const onFinish = (values: Values) => {
    const chosen = values.kind ? kindForm(values.kind) : null;
    if (!chosen) return;
    const credentials = payloadOf(chosen.credentials, values.credentials);
    mutation.mutate(
      {
        kind: chosen.kind,
        name: values.name.trim(),
        enabled: values.enabled,
        feeBps: percentToBps(values.feePercent) ?? 0,
        minAmount: fen(values.minYuan) ?? 1,
        maxAmount: fen(values.maxYuan) ?? 1,
        settings: payloadOf(chosen.settings, values.settings),
        callbackSources: sourcesOf(values.callbackSources),
        ...(secrets === 'keep' ? {} : { credentials }),
      } as ChannelInput,
      { onError: (error) => markInvalidField(form, error) },
    );
  };

  const yuanRule = {
    validator: (_: unknown, value: string | undefined) =>
      fen(value) === null ? Promise.reject(new Error(t('payments.form.amountInvalid'))) : Promise.resolve(),
  };

  return (
    <Modal
      open
      title={channel ? t('payments.form.editTitle', { name: channel.name }) : t('payments.form.createTitle')}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      okButtonProps={{ ...{ 'data-testid': 'channel-submit' } }}
      confirmLoading={mutation.isPending}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      {problem && <ProblemAlert error={problem} testId="channel-error" />}
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark={false}
        initialValues={{
          kind: channel?.kind,
          name: channel?.name ?? '',
          enabled: channel?.enabled ?? true,
          feePercent: bpsToPercent(channel?.feeBps ?? 0),
          minYuan: moneyToInput(channel?.minAmount ?? 100, 'CNY'),
          maxYuan: moneyToInput(channel?.maxAmount ?? 500_000, 'CNY'),
          callbackSources: (channel?.callbackSources ?? []).join('\n'),
          settings: channel
            ? initialSettings(kindForm(channel.kind) ?? CHANNEL_KINDS[0]!, channel.settings)
            : {},
        }}
        onValuesChange={(changed: Partial<Values>) => {
          // A new kind starts from that kind's defaults, with no keys typed for another kind.
          const next = changed.kind ? kindForm(changed.kind) : null;
          if (next) form.setFieldsValue({ settings: initialSettings(next, null), credentials: {} });
        }}
        onFinish={onFinish}
      >
        <Form.Item
          name="kind"
          label={t('payments.form.kind')}
          rules={[{ required: true, message: t('payments.form.kindRequired') }]}
        >
          <Select
            disabled={channel !== null}
            options={CHANNEL_KINDS.map((item) => ({
              value: item.kind,
              label: t(`payments.kinds.${item.kind}.name`),
            }))}
            data-testid="channel-kind"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('payments.form.name')}
          extra={t('payments.form.nameHint')}
          rules={[{ required: true, whitespace: true, max: 40, message: t('payments.form.nameRequired') }]}
        >
          <Input maxLength={40} data-testid="channel-name" />
        </Form.Item>
        <Form.Item name="enabled" label={t('payments.form.enabled')} valuePropName="checked">
          <Switch data-testid="channel-enabled" />
        </Form.Item>
        <Form.Item
          name="feePercent"
          label={t('payments.form.feePercent')}
          extra={t('payments.form.feeHint')}
          rules={[
            {
              validator: (_, value: string | undefined) => {
                const bps = percentToBps(value ?? '');
                return bps === null || bps > 10_000
                  ? Promise.reject(new Error(t('payments.form.feeInvalid')))
                  : Promise.resolve();
              },
            },
          ]}
        >
          <Input suffix="%" inputMode="decimal" className="payment-short-input" data-testid="channel-fee" />
        </Form.Item>
        <Form.Item name="minYuan" label={t('payments.form.minAmount')} rules={[yuanRule]}>
          <Input prefix="¥" inputMode="decimal" className="payment-short-input" data-testid="channel-min" />
        </Form.Item>
        <Form.Item
          name="maxYuan"
          label={t('payments.form.maxAmount')}
          dependencies={['minYuan']}
          rules={[
            yuanRule,
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) => {
                const min = fen(getFieldValue('minYuan') as string | undefined);
                const max = fen(value);
                return min !== null && max !== null && min > max
                  ? Promise.reject(new Error(t('payments.form.minAboveMax')))
                  : Promise.resolve();
              },
            }),
          ]}
        >
          <Input prefix="¥" inputMode="decimal" className="payment-short-input" data-testid="channel-max" />
        </Form.Item>
        <Form.Item
          name="callbackSources"
          label={t('payments.form.callbackSources')}
          extra={t('payments.form.callbackSourcesHelp')}
          rules={[
            {
              validator: (_, value: string | undefined) => {
                const bad = sourcesOf(value).find((entry) => parseIpSource(entry) === null);
                return bad
                  ? Promise.reject(new Error(t('payments.form.callbackSourceInvalid', { entry: bad })))
                  : Promise.resolve();
              },
            },
          ]}
        >
          <Input.TextArea
            autoSize={{ minRows: 1, maxRows: 6 }}
            placeholder={'203.0.113.7\n198.51.100.0/24'}
            data-testid="channel-callback-sources"
          />
        </Form.Item>
        {spec ? (
          <>
            {spec.settings.length > 0 && (
              <Divider titlePlacement="start">{t('payments.form.settingsTitle')}</Divider>
            )}
            <KindFields kind={spec.kind} group="settings" fields={spec.settings} />
            <Divider titlePlacement="start">{t('payments.form.credentialsTitle')}</Divider>
            {channel?.credentialsSet && (
              <Typography.Paragraph type="secondary" data-testid="channel-keep-credentials">
                {t('payments.form.keepCredentials')}
              </Typography.Paragraph>
            )}
            <KindFields kind={spec.kind} group="credentials" fields={spec.credentials} secrets={secrets} />
          </>
        ) : (
          <Typography.Text type="secondary">{t('payments.form.chooseKindFirst')}</Typography.Text>
        )}
      </Form>
    </Modal>
  );
}
