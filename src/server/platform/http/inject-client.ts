import type { FastifyInstance } from 'fastify';
import type { Response as InjectResponse } from 'light-my-request';

export interface InjectedResponse<T = unknown> {
  status: number;
  headers: InjectResponse['headers'];
  body: T;
  text: string;
  raw: InjectResponse;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  query?: Record<string, string>;
  /** Send the CSRF header automatically (default true). */
  csrf?: boolean;
  /** A raw payload instead of JSON.stringify(body). */
  payload?: string | Buffer;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * A browser-like client over `app.inject`: it keeps cookies, and on state-changing requests sends the
 * CSRF token from the `kameng_csrf` cookie the way the web app does. Tests use it to drive the API as a
 * user would, and the demo seeder uses it so that demo shops and orders are made through the public API.
 * Tests that probe CSRF itself pass `csrf: false` or their own header.
 */
export class InjectClient {
  readonly cookies = new Map<string, string>();
  readonly #app: FastifyInstance;
  readonly #ip: string;
  readonly #locale: string;

  constructor(app: FastifyInstance, options: { ip?: string; locale?: string } = {}) {
    this.#app = app;
    this.#ip = options.ip ?? '127.0.0.1';
    this.#locale = options.locale ?? 'zh-CN';
  }

  get<T = unknown>(url: string, options?: RequestOptions) {
    return this.request<T>('GET', url, undefined, options);
  }
  post<T = unknown>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('POST', url, body, options);
  }
  put<T = unknown>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PUT', url, body, options);
  }
  patch<T = unknown>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('PATCH', url, body, options);
  }
  delete<T = unknown>(url: string, body?: unknown, options?: RequestOptions) {
    return this.request<T>('DELETE', url, body, options);
  }

  async request<T = unknown>(
    method: string,
    url: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<InjectedResponse<T>> {
    const headers: Record<string, string> = { 'accept-language': this.#locale, ...options.headers };
    if (UNSAFE.has(method) && options.csrf !== false && headers['x-csrf-token'] === undefined) {
      if (!this.cookies.has('kameng_csrf')) await this.get('/api/v1/auth/csrf');
      headers['x-csrf-token'] = this.cookies.get('kameng_csrf') ?? '';
    }
    const cookieHeader = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (cookieHeader && headers.cookie === undefined) headers.cookie = cookieHeader;
    let payload = options.payload;
    if (payload === undefined && body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await this.#app.inject({
      method: method as 'GET',
      url,
      headers,
      remoteAddress: this.#ip,
      ...(options.query ? { query: options.query } : {}),
      ...(payload === undefined ? {} : { payload }),
    });
    for (const cookie of response.cookies as Array<{
      name: string;
      value: string;
      maxAge?: number;
      expires?: Date;
    }>) {
      const expired =
        cookie.maxAge === 0 ||
        (cookie.expires !== undefined && cookie.expires.getTime() <= Date.now()) ||
        cookie.value === '';
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const type = String(response.headers['content-type'] ?? '');
    const parsed: unknown =
      type.includes('json') && response.body ? JSON.parse(response.body) : response.body;
    return {
      status: response.statusCode,
      headers: response.headers,
      body: parsed as T,
      text: response.body,
      raw: response,
    };
  }

  async login(
    email: string,
    password: string,
  ): Promise<InjectedResponse<{ status: string; user: { id: string } }>> {
    const response = await this.post<{ status: string; user: { id: string } }>('/api/v1/auth/login', {
      email,
      password,
    });
    if (response.status !== 200)
      throw new Error(`login as ${email} failed: ${response.status} ${response.text}`);
    return response;
  }
}
