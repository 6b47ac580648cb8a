import type {
  AdminUserView,
  LoginHistoryItem,
  LoginResponse,
  Me,
  SessionAnswer,
} from '../../../common/api/accounts.js';
import type { CategoryView } from '../../../common/api/catalog.js';
import type { BalanceView, StatementPage } from '../../../common/api/ledger.js';
import type { SignedCheckpoint } from '../../../common/ledger/checkpoint.js';
import type { ProofBundle } from '../../../common/ledger/proof-bundle.js';
import type { Locale } from '../../../common/locale.js';
import type { Currency } from '../../../common/money.js';
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
  actor: { type: 'user' | 'system' | 'guest' | 'api_key'; id: string };
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

/** Which lines of a statement to read: one currency, optionally a time range [from, to) and a cause type. */
export interface StatementFilters {
  currency: Currency;
  from: string | null;
  to: string | null;
  cause: string | null;
}

export interface LedgerPublicKey {
  algorithm: 'Ed25519';
  publicKey: string;
  keyId: string;
}

export const STATEMENT_PAGE_SIZE = 50;

/** Balances are cached under the signed-in user, so signing out drops them (session.ts). */
export const BALANCES_QUERY_KEY = ['me', 'balances'] as const;
export const getBalances = () => api<{ items: BalanceView[] }>('GET', '/api/v1/me/balances');

export const getCategories = () => api<{ items: CategoryView[] }>('GET', '/api/v1/categories');

export const getStatement = (filters: StatementFilters, cursor: string | null) =>
  api<StatementPage>(
    'GET',
    withQuery('/api/v1/me/statement', { ...filters, cursor, limit: STATEMENT_PAGE_SIZE }),
  );

export const statementExportPath = (filters: StatementFilters, format: 'csv' | 'json') =>
  withQuery('/api/v1/me/statement/export', { ...filters, format });

/** How many of my most recent transfers the proof bundle covers (the server allows up to 200). */
export const PROOF_TRANSFERS = 50;

export const getProofBundle = () =>
  api<ProofBundle>('GET', withQuery('/api/v1/me/proofs', { transfers: PROOF_TRANSFERS }));

export const getLedgerPublicKey = () => api<LedgerPublicKey>('GET', '/api/v1/ledger/public-key');

export const listCheckpoints = (cursor: string | null) =>
  api<Page<SignedCheckpoint>>('GET', withQuery('/api/v1/ledger/checkpoints', { cursor, limit: PAGE_SIZE }));
