// What a password reset remembers between its steps and across a reload,
// in sessionStorage (session.ts): the address, the passwordForgotToken the
// mailed code goes with, and, from the mailed link, its code; after the
// code is accepted, the accountResetToken that sets the new password.
//
// The reset ends signed in: the client signs in with the new password, and
// the session is kept as the sign-in flow keeps one.
import { ERRNO, FxaError, type SessionInfo } from '../../client/index.js';
import { navigate, query } from '../router.js';
import { getFlowState, setFlowState, setSession } from '../session.js';

const FLOW = 'reset';

export interface ResetState {
  email: string;
  passwordForgotToken: string;
  /** The code from the mailed link; the typed code is never kept. */
  linkCode?: string;
  /** Once the code is accepted. */
  accountResetToken?: string;
}

export function getReset(): ResetState | undefined {
  return getFlowState<ResetState>(FLOW);
}

export function setReset(state: ResetState | undefined): void {
  setFlowState(FLOW, state);
}

/**
 * Firefox's sign-in sent the person here ("Forgot password?" keeps its
 * query, context and OAuth parameters included): the reset leads back into
 * that flow, on the password step for the address, so Firefox is signed in
 * with the new password as with any other.
 */
export function fromFirefoxSignIn(): boolean {
  return query().has('context');
}

export function backToFirefoxSignIn(email: string): void {
  setReset(undefined);
  const q = query();
  q.set('email', email);
  navigate('/force_auth', { query: `?${q.toString()}` });
}

/** The reset is done: keep the new session and go to the account settings. */
export function finishReset(s: SessionInfo): void {
  setReset(undefined);
  setSession({
    uid: s.uid,
    email: s.email,
    sessionToken: s.sessionToken,
    verified: s.verified,
    authAt: s.authAt,
  });
  navigate('/settings', { query: '' });
}

/** The mailed code as people copy it: any case, perhaps with spaces or dashes. */
export function normalizeCode(typed: string): string {
  return typed.toLowerCase().replace(/[\s-]+/g, '');
}

/**
 * The reset cannot go on: the token lapsed or was used (110), or the last
 * wrong code deleted it (105 with no tries left).
 */
export function resetLapsed(err: unknown): boolean {
  if (!(err instanceof FxaError)) return false;
  if (err.errno === ERRNO.INVALID_TOKEN) return true;
  const tries = err.body.tries;
  return err.errno === ERRNO.INVALID_VERIFICATION_CODE && !(typeof tries === 'number' && tries > 0);
}
