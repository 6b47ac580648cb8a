import type { Localized, MessageParams } from '../../common/locale.js';

/**
 * One error type for everything the API refuses on purpose. Each module declares its codes with
 * `defineErrors`; app.ts joins the catalogues, refuses duplicates at start-up, and docs/API.md lists
 * every code (a test keeps the two in step). A code, once published, never changes meaning.
 */
export interface ErrorDefinition {
  readonly code: string;
  /** HTTP status per RFC 9110 §15. */
  readonly status: number;
  /** Short, stable English summary: the problem's `title` (RFC 9457 §3.1.3). */
  readonly title: string;
  /** The `detail` shown to people, in every language, with `{param}` placeholders. */
  readonly message: Localized;
  /** When it is thrown: for docs/API.md. */
  readonly when: string;
}

export type ErrorCatalogue = Readonly<Record<string, ErrorDefinition>>;

export function defineErrors<const T extends Record<string, Omit<ErrorDefinition, 'code'>>>(
  definitions: T,
): { readonly [K in keyof T]: ErrorDefinition & { readonly code: K } } {
  const out: Record<string, ErrorDefinition> = {};
  for (const [code, definition] of Object.entries(definitions)) {
    if (!/^[A-Z][A-Z0-9_]+$/.test(code)) throw new Error(`error code ${code} must be UPPER_SNAKE_CASE`);
    out[code] = Object.freeze({ code, ...definition });
  }
  return out as { readonly [K in keyof T]: ErrorDefinition & { readonly code: K } };
}

export interface AppErrorOptions {
  /** Extra response headers, e.g. Retry-After. */
  headers?: Readonly<Record<string, string>>;
  /** Machine-readable extension members added to the problem document. */
  extensions?: Readonly<Record<string, unknown>>;
  cause?: unknown;
}

export class AppError extends Error {
  override name = 'AppError';
  readonly definition: ErrorDefinition;
  readonly params: MessageParams;
  readonly headers: Readonly<Record<string, string>>;
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(definition: ErrorDefinition, params: MessageParams = {}, options: AppErrorOptions = {}) {
    super(`${definition.code}: ${definition.title}`, { cause: options.cause });
    this.definition = definition;
    this.params = params;
    this.headers = options.headers ?? {};
    this.extensions = options.extensions ?? {};
  }

  get code(): string {
    return this.definition.code;
  }

  get status(): number {
    return this.definition.status;
  }
}

export function isAppError(error: unknown, definition?: ErrorDefinition): error is AppError {
  return error instanceof AppError && (definition === undefined || error.definition.code === definition.code);
}

/** Codes the platform itself throws: request shape, auth, state machines, the unexpected. */
export const platformErrors = defineErrors({
  VALIDATION_FAILED: {
    status: 400,
    title: 'Request validation failed',
    message: { 'zh-CN': '请求内容不符合要求：{summary}', en: 'The request is not valid: {summary}' },
    when: 'A body, query string, path parameter or header does not match the route schema (wrong type, missing or unknown field, too long).',
  },
  MALFORMED_JSON: {
    status: 400,
    title: 'Malformed JSON body',
    message: { 'zh-CN': '请求体不是合法的 JSON。', en: 'The request body is not valid JSON.' },
    when: 'The body claims to be JSON but cannot be parsed, or is empty.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    title: 'Unsupported media type',
    message: {
      'zh-CN': '不支持的内容类型，请使用 application/json。',
      en: 'Unsupported content type; send application/json.',
    },
    when: 'A request body arrives with a Content-Type the route does not accept.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    title: 'Payload too large',
    message: { 'zh-CN': '请求体过大。', en: 'The request body is too large.' },
    when: 'The body exceeds the configured limit (64 KiB for JSON).',
  },
  NOT_FOUND: {
    status: 404,
    title: 'Not found',
    message: { 'zh-CN': '找不到请求的资源。', en: 'The requested resource does not exist.' },
    when: 'No route matches the method and path, or the addressed resource does not exist or is not yours.',
  },
  RATE_LIMITED: {
    status: 429,
    title: 'Too many requests',
    message: {
      'zh-CN': '请求过于频繁，请在 {seconds} 秒后重试。',
      en: 'Too many requests; try again in {seconds} seconds.',
    },
    when: 'A client exceeds the per-IP request rate. The Retry-After header says when to retry.',
  },
  AUTH_REQUIRED: {
    status: 401,
    title: 'Authentication required',
    message: { 'zh-CN': '请先登录。', en: 'Please sign in first.' },
    when: 'The route needs a signed-in user and the request has no valid session (absent, expired or revoked).',
  },
  FORBIDDEN: {
    status: 403,
    title: 'Forbidden',
    message: { 'zh-CN': '你没有执行此操作的权限。', en: 'You are not allowed to do this.' },
    when: 'The signed-in user lacks every role the route accepts, or an API key calls a route outside its scopes.',
  },
  API_KEY_INVALID: {
    status: 401,
    title: 'API key invalid',
    message: {
      'zh-CN': 'API 密钥无效、已吊销或商户已停用。',
      en: 'The API key is invalid or revoked, or its shop is not active.',
    },
    when: 'A request carries `Authorization: Bearer …` with a key that does not exist, was revoked, or belongs to a shop that is not active.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'Idempotency key reused',
    message: {
      'zh-CN': '该幂等键已用于另一个不同的请求。',
      en: 'This Idempotency-Key was already used for a different request.',
    },
    when: 'A request repeats an `Idempotency-Key` of the same caller with a different method, path or body.',
  },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    title: 'Idempotency key invalid',
    message: {
      'zh-CN': '幂等键须为 1–128 个可见字符。',
      en: 'An Idempotency-Key must be 1–128 visible characters.',
    },
    when: 'The `Idempotency-Key` header is empty, too long or holds characters other than visible ASCII.',
  },
  CSRF_TOKEN_INVALID: {
    status: 403,
    title: 'CSRF token missing or invalid',
    message: {
      'zh-CN': '安全校验失败，请刷新页面后重试。',
      en: 'Security check failed; reload the page and try again.',
    },
    when: 'A state-changing request lacks an X-CSRF-Token header equal to the session token (or, before sign-in, to the kameng_csrf cookie).',
  },
  CSRF_ORIGIN_REJECTED: {
    status: 403,
    title: 'Cross-site request rejected',
    message: { 'zh-CN': '拒绝来自其他网站的请求。', en: 'Requests from other sites are refused.' },
    when: 'A state-changing request comes from another origin (Origin or Sec-Fetch-Site header).',
  },
  STATE_TRANSITION_INVALID: {
    status: 409,
    title: 'Transition not allowed',
    message: {
      'zh-CN': '当前状态“{from}”不能变为“{to}”。',
      en: 'Cannot change from "{from}" to "{to}".',
    },
    when: 'A lifecycle change is not an edge of its transitions table.',
  },
  STATE_CONFLICT: {
    status: 409,
    title: 'Concurrent change',
    message: {
      'zh-CN': '该记录刚被其他操作修改，请刷新后重试。',
      en: 'This record was just changed by someone else; reload and try again.',
    },
    when: 'A conditional state update found the row no longer in the expected state (a concurrent transition won).',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    title: 'Service unavailable',
    message: { 'zh-CN': '服务暂时不可用，请稍后重试。', en: 'The service is unavailable; try again later.' },
    when: 'The server is shutting down or a dependency (database) is unreachable.',
  },
  INTERNAL_ERROR: {
    status: 500,
    title: 'Internal server error',
    message: {
      'zh-CN': '服务器内部错误，请稍后重试并提供请求编号 {requestId}。',
      en: 'Internal server error; try again later and quote request id {requestId}.',
    },
    when: 'Anything unexpected. Details go to the log under the request id, never to the client.',
  },
});

/** Joins module catalogues; a code defined twice is a programming error caught at start-up. */
export function mergeCatalogues(...catalogues: ErrorCatalogue[]): ErrorCatalogue {
  const merged: Record<string, ErrorDefinition> = {};
  for (const catalogue of catalogues) {
    for (const [code, definition] of Object.entries(catalogue)) {
      if (merged[code]) throw new Error(`error code ${code} is defined twice`);
      merged[code] = definition;
    }
  }
  return Object.freeze(merged);
}
