import i18next from 'i18next';
import { currentLocale } from '../i18n/i18n.js';
import { ApiProblem, isProblem, problemFromBody } from './problem.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const CSRF_COOKIE = 'kameng_csrf';

/** Read at request time: the server replaces the token at sign-in and sign-out. */
function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

async function csrfToken(): Promise<string> {
  const fromCookie = readCookie(CSRF_COOKIE);
  if (fromCookie) return fromCookie;
  const { csrfToken } = await send<{ csrfToken: string }>('GET', '/api/v1/auth/csrf', undefined);
  return readCookie(CSRF_COOKIE) ?? csrfToken;
}

function networkProblem(): ApiProblem {
  return new ApiProblem({ status: 0, code: 'NETWORK_ERROR', detail: i18next.t('errors.network') });
}

async function failureOf(response: Response): Promise<ApiProblem> {
  const parsed: unknown = await response.json().catch(() => undefined);
  return (
    problemFromBody(parsed, response.status, response.headers.get('Retry-After')) ??
    new ApiProblem({
      status: response.status,
      code: 'UNEXPECTED_RESPONSE',
      detail: i18next.t('errors.unexpected', { status: response.status }),
    })
  );
}

async function send<T>(
  method: Method,
  path: string,
  body: unknown,
  csrf?: string,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const headers: Record<string, string> = {
    ...extraHeaders,
    Accept: 'application/json, application/problem+json',
    'Accept-Language': currentLocale(),
  };
  // A file (a chat image) goes as it is, with its own type; everything else as JSON.
  const isFile = body instanceof Blob;
  if (body !== undefined)
    headers['Content-Type'] = isFile ? body.type || 'application/octet-stream' : 'application/json';
  if (csrf !== undefined) headers['X-CSRF-Token'] = csrf;

  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: isFile ? body : JSON.stringify(body) }),
    });
  } catch {
    throw networkProblem();
  }

  if (response.status === 204) return undefined as T;
  if (!response.ok) throw await failureOf(response);
  const parsed: unknown = await response.json().catch(() => undefined);
  if (parsed !== undefined) return parsed as T;
  throw new ApiProblem({
    status: response.status,
    code: 'UNEXPECTED_RESPONSE',
    detail: i18next.t('errors.unexpected', { status: response.status }),
  });
}

/**
 * One JSON request to the Kameng API. Sends the UI language as Accept-Language so that problem `detail`
 * comes back in it, and the CSRF token on every state-changing method. Failures throw ApiProblem.
 */
/** A fresh key per attempt: a retry of the same attempt reuses it, so money never moves twice. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

export interface RequestOptions {
  /** E.g. `Idempotency-Key`: the same key on a retry makes the server answer with the first result. */
  headers?: Record<string, string>;
}

export async function api<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  if (method === 'GET') return send<T>(method, path, undefined, undefined, options.headers);
  // Always a JSON body: routes without a body schema accept `{}`.
  const payload = body ?? {};
  try {
    return await send<T>(method, path, payload, await csrfToken(), options.headers);
  } catch (error) {
    // Another tab may have signed in or out since we read the cookie. The server refused before acting,
    // so sending the request again with a fresh token is safe.
    if (!isProblem(error, 'CSRF_TOKEN_INVALID')) throw error;
    await send('GET', '/api/v1/auth/csrf', undefined);
    return send<T>(method, path, payload, await csrfToken(), options.headers);
  }
}

export interface DownloadedFile {
  blob: Blob;
  /** The name from Content-Disposition, if the server gave one. */
  filename: string | null;
}

/**
 * A file the API sends as an attachment (statement exports). Fetched rather than followed as a link, so
 * that it comes in the UI language (a link would carry the browser's own Accept-Language, and the server
 * words reasons by that header) and a failure shows as a problem instead of an error page.
 */
export async function apiDownload(path: string): Promise<DownloadedFile> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { 'Accept-Language': currentLocale() },
      credentials: 'same-origin',
    });
  } catch {
    throw networkProblem();
  }
  if (!response.ok) throw await failureOf(response);
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const filename = /filename="([^"]+)"/.exec(disposition)?.[1] ?? null;
  return { blob: await response.blob(), filename };
}

export function withQuery(path: string, params: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
