/**
 * An API error as the server describes it (RFC 9457 problem+json), or one the client made up for a
 * failure that never reached the server. `detail` is always fit to show: the server localizes it by our
 * Accept-Language, and client-made ones come from our own translations.
 */
export interface FieldIssue {
  location: string;
  /** Dotted path of the field in the request body, e.g. `password`; empty for the body as a whole. */
  path: string;
  code: string;
  message: string;
}

export class ApiProblem extends Error {
  override name = 'ApiProblem';
  readonly status: number;
  /** The server's stable error code (e.g. AUTH_CODE_INVALID), or NETWORK_ERROR / UNEXPECTED_RESPONSE. */
  readonly code: string;
  readonly detail: string;
  readonly errors: readonly FieldIssue[];
  readonly remainingAttempts: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly requestId: string | undefined;

  constructor(init: {
    status: number;
    code: string;
    detail: string;
    errors?: readonly FieldIssue[];
    remainingAttempts?: number | undefined;
    retryAfterSeconds?: number | undefined;
    requestId?: string | undefined;
  }) {
    super(init.detail);
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.remainingAttempts = init.remainingAttempts;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.requestId = init.requestId;
  }
}

export function isProblem(error: unknown, code?: string): error is ApiProblem {
  return error instanceof ApiProblem && (code === undefined || error.code === code);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function fieldIssuesOf(value: unknown): FieldIssue[] {
  if (!Array.isArray(value)) return [];
  const text = (field: unknown) => (typeof field === 'string' ? field : '');
  return value.filter(isRecord).map((issue) => ({
    location: text(issue.location),
    path: text(issue.path),
    code: text(issue.code),
    message: text(issue.message),
  }));
}

/** Reads a problem document; returns null when the body is not one (a proxy's HTML error page, say). */
export function problemFromBody(body: unknown, status: number, retryAfter: string | null): ApiProblem | null {
  if (!isRecord(body) || typeof body.detail !== 'string' || typeof body.code !== 'string') return null;
  const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
  return new ApiProblem({
    status: typeof body.status === 'number' ? body.status : status,
    code: body.code,
    detail: body.detail,
    errors: fieldIssuesOf(body.errors),
    remainingAttempts: typeof body.remainingAttempts === 'number' ? body.remainingAttempts : undefined,
    retryAfterSeconds: Number.isFinite(seconds) ? seconds : undefined,
    requestId: typeof body.requestId === 'string' ? body.requestId : undefined,
  });
}

/** Any thrown value as an ApiProblem: programming errors become a generic one with `fallback` text. */
export function toProblem(error: unknown, fallback: string): ApiProblem {
  if (error instanceof ApiProblem) return error;
  return new ApiProblem({ status: 0, code: 'CLIENT_ERROR', detail: fallback });
}
