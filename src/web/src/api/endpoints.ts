import type {
  AdminUserView,
  LoginHistoryItem,
  LoginResponse,
  Me,
  SessionAnswer,
} from '../../../common/api/accounts.js';
import type { Locale } from '../../../common/locale.js';
import type { Page } from '../../../common/pagination.js';
import type { Role } from '../../../common/roles.js';
import { api, withQuery } from './client.js';

/** Typed calls to the API, one per endpoint the web app uses. Types come from src/common (no zod in the bundle). */
export interface Shop {
  name: string;
  version: string;
  locales: Locale[];
  defaultLocale: Locale;
}

export interface ChallengeStarted {
  verificationId: string;
  expiresAt: string;
}

export interface ResetStarted {
  resetId: string;
  expiresAt: string;
}

export type SignedIn = Extract<LoginResponse, { status: 'signed_in' }>;

/** The server will add statuses (second factor, new device); any we do not know yet arrives as `string`. */
export type LoginAnswer = SignedIn | { status: string };

export function isSignedIn(answer: LoginAnswer): answer is SignedIn {
  return answer.status === 'signed_in' && 'user' in answer;
}

export interface AuditRecord {
  id: string;
  at: string;
  actor: { type: 'user' | 'system'; id: string };
  action: string;
  target: { type: string; id: string | null };
  ip: string | null;
  summary: string;
  details: Record<string, unknown>;
}

export const PAGE_SIZE = 20;

export const getShop = () => api<Shop>('GET', '/api/v1/shop');

export const register = (body: { email: string; password: string; displayName?: string; locale: Locale }) =>
  api<ChallengeStarted>('POST', '/api/v1/auth/register', body);

export const verifyRegistration = (body: { verificationId: string; code: string }) =>
  api<{ userId: string; email: string }>('POST', '/api/v1/auth/register/verify', body);

export const resendRegistrationCode = (verificationId: string) =>
  api<ChallengeStarted>('POST', '/api/v1/auth/register/resend', { verificationId });

export const login = (body: { email: string; password: string }) =>
  api<LoginAnswer>('POST', '/api/v1/auth/login', body);

export const logout = () => api<undefined>('POST', '/api/v1/auth/logout');

export const requestPasswordReset = (body: { email: string; locale: Locale }) =>
  api<ResetStarted>('POST', '/api/v1/auth/password-reset', body);

export const confirmPasswordReset = (body: { resetId: string; code: string; newPassword: string }) =>
  api<undefined>('POST', '/api/v1/auth/password-reset/confirm', body);

export const getSession = () => api<SessionAnswer>('GET', '/api/v1/auth/session');

export const updateMe = (body: { displayName?: string; locale?: Locale }) =>
  api<Me>('PATCH', '/api/v1/me', body);

export const getLoginHistory = (cursor: string | null) =>
  api<Page<LoginHistoryItem>>('GET', withQuery('/api/v1/me/login-history', { cursor, limit: PAGE_SIZE }));

export const listUsers = (q: string, cursor: string | null) =>
  api<Page<AdminUserView>>('GET', withQuery('/api/v1/admin/users', { q, cursor, limit: PAGE_SIZE }));

export const setUserStatus = (userId: string, body: { status: 'active' | 'disabled'; reason: string }) =>
  api<AdminUserView>('POST', `/api/v1/admin/users/${encodeURIComponent(userId)}/status`, body);

export const setUserRoles = (userId: string, body: { roles: Role[]; reason: string }) =>
  api<AdminUserView>('PUT', `/api/v1/admin/users/${encodeURIComponent(userId)}/roles`, body);

export const listAuditLog = (cursor: string | null) =>
  api<Page<AuditRecord>>('GET', withQuery('/api/v1/admin/audit-log', { cursor, limit: PAGE_SIZE }));
