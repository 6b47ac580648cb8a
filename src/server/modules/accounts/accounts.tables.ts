import type { Locale } from '../../../common/locale.js';
import type { Role } from '../../../common/roles.js';

export type UserStatus = 'active' | 'disabled';

export interface UsersTable {
  id: string;
  /** Trimmed and lower-cased; unique. */
  email: string;
  display_name: string;
  password_hash: string;
  locale: Locale;
  status: UserStatus;
  email_verified_at: string | null;
  password_changed_at: string;
  created_at: string;
  updated_at: string;
}

export interface UserRolesTable {
  user_id: string;
  role: Role;
  granted_at: string;
  granted_by: string | null;
}

export interface SessionsTable {
  id: string;
  /** SHA-256 of the cookie token: a stolen database does not yield live sessions. */
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  /** Absolute end of the session, however active it is. */
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
}

export type ChallengePurpose = 'register' | 'password_reset';

export interface EmailChallengesTable {
  id: string;
  purpose: ChallengePurpose;
  email: string;
  user_id: string | null;
  /** HMAC-SHA256 of the code under a key derived from the master key; never the code itself. */
  code_hash: string;
  /** JSON: what completing the challenge applies (the pending account for `register`). */
  payload: string;
  attempts: number;
  sends: number;
  last_sent_at: string;
  expires_at: string;
  consumed_at: string | null;
  created_at: string;
}

export type LoginResult = 'success' | 'bad_credentials' | 'throttled' | 'disabled' | 'second_factor_required';

export interface LoginAttemptsTable {
  id: string;
  user_id: string | null;
  email: string;
  ip: string;
  user_agent: string | null;
  result: LoginResult;
  created_at: string;
}

export interface AccountsTables {
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  email_challenges: EmailChallengesTable;
  login_attempts: LoginAttemptsTable;
}
