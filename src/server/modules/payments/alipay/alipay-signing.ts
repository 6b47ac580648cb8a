import { createSign, createVerify, type KeyObject } from 'node:crypto';

/**
 * Alipay's RSA2 signatures (开放平台 OpenAPI 2.0, "自行实现签名"): SHA256withRSA, base64, over
 * `name=value` pairs sorted by name (byte order) and joined with `&`, values as they are — never
 * URL-encoded.
 *
 * - a request is signed over every parameter but `sign` whose value is not empty (`sign_type` included);
 * - an async notification is verified over every parameter but `sign` and `sign_type`, empty ones
 *   included ("除去 sign、sign_type 两个参数外，凡是通知返回回来的参数皆是待验签的参数");
 * - a gateway response is verified over the exact text of its `<method>_response` JSON object.
 */
export function requestSignContent(params: Readonly<Record<string, string>>): string {
  return sortedPairs(params, (name, value) => name !== 'sign' && value !== '');
}

export function notifySignContent(params: Readonly<Record<string, string>>): string {
  return sortedPairs(params, (name) => name !== 'sign' && name !== 'sign_type');
}

function sortedPairs(
  params: Readonly<Record<string, string>>,
  signs: (name: string, value: string) => boolean,
): string {
  return Object.keys(params)
    .filter((name) => signs(name, params[name]!))
    .sort()
    .map((name) => `${name}=${params[name]}`)
    .join('&');
}

export function rsa2Sign(content: string, privateKey: KeyObject): string {
  return createSign('RSA-SHA256').update(content, 'utf8').sign(privateKey, 'base64');
}

/** A signature that is not plain base64 of a 2048–4096-bit RSA signature is refused before RSA runs. */
export function rsa2Valid(content: string, signature: string, publicKey: KeyObject): boolean {
  if (!/^[A-Za-z0-9+/]{300,700}={0,2}$/.test(signature)) return false;
  try {
    return createVerify('RSA-SHA256').update(content, 'utf8').verify(publicKey, signature, 'base64');
  } catch {
    return false;
  }
}

/** Signs a request: its parameters with `sign` added. */
export function signRequest(params: Record<string, string>, privateKey: KeyObject): Record<string, string> {
  return { ...params, sign: rsa2Sign(requestSignContent(params), privateKey) };
}

/**
 * The text Alipay signed in a gateway response such as
 * `{"alipay_trade_query_response":{"code":"10000",…},"sign":"…"}`: the `{…}` value of `responseKey`
 * exactly as sent (escapes such as `\/` kept), found by scanning the JSON rather than re-serialising it.
 * Null when the key is not a top-level member with an object value.
 */
export function signedResponseText(raw: string, responseKey: string): string | null {
  let depth = 0;
  let index = 0;
  while (index < raw.length) {
    const char = raw[index]!;
    if (char === '"') {
      const end = stringEnd(raw, index);
      if (end < 0) return null;
      const isKey = depth === 1 && /^\s*:/.test(raw.slice(end + 1, end + 20));
      if (isKey && raw.slice(index + 1, end) === responseKey) {
        const start = raw.indexOf('{', end);
        if (start < 0 || raw.slice(end + 1, start).trim() !== ':') return null;
        const close = objectEnd(raw, start);
        return close < 0 ? null : raw.slice(start, close + 1);
      }
      index = end + 1;
      continue;
    }
    if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
    index++;
  }
  return null;
}

/** Index of the quote closing the JSON string that opens at `start`, or -1. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** Index of the brace closing the JSON object that opens at `start`, or -1. */
function objectEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      i = stringEnd(text, i);
      if (i < 0) return -1;
    } else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
