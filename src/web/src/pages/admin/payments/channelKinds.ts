import type { ChannelView } from '../../../../../common/api/payments.js';

/**
 * What the channel form asks for, per kind: a small mirror of the settings and credentials schemas in
 * src/server/modules/payments/provider-kinds.ts (the server checks them again and says which field is
 * wrong: PAYMENT_CHANNEL_INVALID). Labels and hints are `payments.kinds.<kind>.<field>` and
 * `<field>Hint`.
 */
export type ChannelKindName = ChannelView['kind'];

export interface ChannelField {
  name: string;
  input: 'text' | 'textarea' | 'select' | 'multiselect';
  required: boolean;
  options?: readonly string[];
  /** What a new channel starts with: the server's own default. */
  initial?: string | readonly string[];
  /** The server's minimum length (secrets). */
  minLength?: number;
}

export interface ChannelKindForm {
  kind: ChannelKindName;
  settings: readonly ChannelField[];
  /** Written once and never shown again: password inputs, empty on edit meaning "keep". */
  credentials: readonly ChannelField[];
}

export const CHANNEL_KINDS: readonly ChannelKindForm[] = [
  {
    kind: 'epay',
    settings: [
      { name: 'gateway', input: 'text', required: true },
      { name: 'pid', input: 'text', required: true },
      { name: 'type', input: 'select', required: false, options: ['alipay', 'wxpay', 'qqpay'] },
      { name: 'mode', input: 'select', required: true, options: ['submit', 'mapi'], initial: 'submit' },
    ],
    credentials: [{ name: 'key', input: 'text', required: true, minLength: 16 }],
  },
  {
    kind: 'alipay',
    settings: [
      {
        name: 'gateway',
        input: 'text',
        required: true,
        initial: 'https://openapi.alipay.com/gateway.do',
      },
      { name: 'appId', input: 'text', required: true },
      { name: 'alipayPublicKey', input: 'textarea', required: true },
      { name: 'product', input: 'select', required: true, options: ['page', 'wap', 'qr'], initial: 'page' },
    ],
    credentials: [{ name: 'appPrivateKey', input: 'textarea', required: true }],
  },
  {
    kind: 'wechatpay',
    settings: [
      { name: 'apiBase', input: 'text', required: true, initial: 'https://api.mch.weixin.qq.com' },
      { name: 'mchid', input: 'text', required: true },
      { name: 'appid', input: 'text', required: true },
      { name: 'merchantSerialNo', input: 'text', required: true },
      // One of the two ways WeChat Pay signs (or both, while WeChat moves the merchant to the public key).
      { name: 'platformCertificates', input: 'textarea', required: false },
      { name: 'wechatpayPublicKeyId', input: 'text', required: false },
      { name: 'wechatpayPublicKey', input: 'textarea', required: false },
      { name: 'product', input: 'select', required: true, options: ['native', 'h5'], initial: 'native' },
    ],
    credentials: [
      { name: 'merchantPrivateKey', input: 'textarea', required: true },
      { name: 'apiV3Key', input: 'text', required: true, minLength: 32 },
    ],
  },
  {
    kind: 'stripe',
    settings: [
      { name: 'apiBase', input: 'text', required: true, initial: 'https://api.stripe.com' },
      {
        name: 'paymentMethodTypes',
        input: 'multiselect',
        required: true,
        options: ['card', 'alipay', 'wechat_pay'],
        initial: ['card'],
      },
    ],
    credentials: [
      { name: 'secretKey', input: 'text', required: true, minLength: 24 },
      { name: 'webhookSecret', input: 'text', required: true, minLength: 24 },
    ],
  },
  {
    kind: 'sandbox',
    settings: [],
    credentials: [{ name: 'signingKey', input: 'text', required: true, minLength: 32 }],
  },
];

export function kindForm(kind: ChannelKindName): ChannelKindForm | null {
  return CHANNEL_KINDS.find((form) => form.kind === kind) ?? null;
}

export type FieldValues = Record<string, string | string[] | undefined>;

/** What the form starts from: a new channel's defaults, or the saved settings (never credentials). */
export function initialSettings(form: ChannelKindForm, saved: Record<string, unknown> | null): FieldValues {
  const values: FieldValues = {};
  for (const field of form.settings) {
    const value = saved ? saved[field.name] : field.initial;
    if (typeof value === 'string') values[field.name] = value;
    else if (Array.isArray(value)) values[field.name] = value.filter((item) => typeof item === 'string');
  }
  return values;
}

/**
 * The fields as the API wants them: trimmed, and an optional field left empty is left out (the schemas
 * are strict: an empty `type` would be refused, a missing one means "the gateway lets the buyer choose").
 */
export function payloadOf(fields: readonly ChannelField[], values: FieldValues | undefined): FieldValues {
  const payload: FieldValues = {};
  for (const field of fields) {
    const value = values?.[field.name];
    if (Array.isArray(value) ? value.length > 0 : value !== undefined && value.trim() !== '') {
      payload[field.name] = Array.isArray(value) ? value : value?.trim();
    }
  }
  return payload;
}

/** Whether the admin typed any credential: on edit, none means "keep the stored ones". */
export function anyCredentialTyped(form: ChannelKindForm, values: FieldValues | undefined): boolean {
  return Object.keys(payloadOf(form.credentials, values)).length > 0;
}
