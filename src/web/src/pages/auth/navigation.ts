/** What one auth page hands the next through router state. */
export interface LoginPageState {
  email?: string;
  notice?: 'verified' | 'passwordReset';
}

export interface VerifyPageState {
  verificationId: string;
  email: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function readLoginState(state: unknown): LoginPageState {
  if (!isRecord(state)) return {};
  return {
    ...(typeof state.email === 'string' ? { email: state.email } : {}),
    ...(state.notice === 'verified' || state.notice === 'passwordReset' ? { notice: state.notice } : {}),
  };
}

export function readVerifyState(state: unknown): VerifyPageState | null {
  if (!isRecord(state) || typeof state.verificationId !== 'string' || typeof state.email !== 'string')
    return null;
  return { verificationId: state.verificationId, email: state.email };
}

/** Only a path on this site: `?next=//evil.example` must not turn the login page into an open redirect. */
export function safeNextPath(next: string | null): string {
  if (next === null || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
