// Telling Firefox what changed on the settings pages (firefox.md §2.3).
// Firefox opens /settings without saying so in the URL, so the page asks
// once, with fxa_status, whether a WebChannel answers; in any other browser
// nobody does and the question times out. The answer is cached for the
// page's lifetime, so every later message knows at once whether to go out.
//
// Firefox trusts the page to have done the server side first: logout and
// delete only sign Firefox out locally, change_password only stores the
// credentials it is given.
import type { StoredSession } from '../session.js';
import { send, WebChannelError, WebChannelTimeout } from '../webchannel.js';

const DETECT_MS = 1500;

/** The account Firefox is signed in to, as fxa_status reports it. */
export interface FirefoxUser {
  email: string;
  uid: string;
  sessionToken?: string;
  verified?: boolean;
}

export interface FirefoxPresence {
  signedInUser: FirefoxUser | null;
}

let presence: Promise<FirefoxPresence | undefined> | undefined;

/** Firefox's status, or undefined when no WebChannel answers (a plain browser). */
export function detectFirefox(): Promise<FirefoxPresence | undefined> {
  presence ??= send<{ signedInUser?: FirefoxUser | null }>(
    'fxaccounts:fxa_status',
    { service: '', isPairing: false, context: 'oauth_webchannel_v1' },
    { timeoutMs: DETECT_MS },
  ).then(
    (reply) => ({ signedInUser: reply?.signedInUser ?? null }),
    (err: unknown) => {
      if (err instanceof WebChannelTimeout || err instanceof WebChannelError) return undefined;
      throw err;
    },
  );
  return presence;
}

/**
 * Sends `command` when Firefox is there; a failure is not the user's to
 * fix (the server side is done), so it is swallowed, and the page goes on.
 */
async function tell(command: string, data: object, timeoutMs?: number): Promise<void> {
  if (!(await detectFirefox().catch(() => undefined))) return;
  await send(command, data, timeoutMs === undefined ? {} : { timeoutMs }).catch(() => undefined);
}

/**
 * After a password change: Firefox's own session ended with it, so it takes
 * the new one; only when Firefox is signed in to this account, since the
 * tab may hold another account's session than the browser does.
 */
export async function firefoxChangePassword(s: StoredSession): Promise<void> {
  const user = (await detectFirefox().catch(() => undefined))?.signedInUser;
  if (user?.uid !== s.uid) return;
  await tell('fxaccounts:change_password', {
    email: s.email,
    uid: s.uid,
    sessionToken: s.sessionToken,
    verified: s.verified,
    ...(s.authAt === undefined ? {} : { authAt: s.authAt }),
  });
  // Firefox holds this session now: a later sign-out here is Firefox's too.
  user.sessionToken = s.sessionToken;
}

// ESR 153 never answers logout or delete: signing out resets its account
// configuration, which drops the channel before the reply goes out ("this._channel
// is null" in its log). It has acted by then, so the page waits only briefly.
const SIGN_OUT_WAIT_MS = 1500;

/**
 * After this tab's session is signed out: Firefox signs out too when that
 * session was Firefox's own, and not when the tab signed in by itself.
 */
export async function firefoxLogout(s: StoredSession): Promise<void> {
  const user = (await detectFirefox().catch(() => undefined))?.signedInUser;
  // Both tokens are this page's own to compare; nobody outside can time it.
  if (!user?.sessionToken || user.sessionToken !== s.sessionToken) return;
  await tell('fxaccounts:logout', { uid: s.uid }, SIGN_OUT_WAIT_MS);
}

export function firefoxDelete(uid: string): Promise<void> {
  return tell('fxaccounts:delete', { uid }, SIGN_OUT_WAIT_MS);
}

/** A notification only: Firefox refreshes its cached profile (the display name). */
export function firefoxProfileChanged(uid: string): Promise<void> {
  // Firefox sends no answer to a notification; the wait only bounds the pending request.
  return tell('profile:change', { uid }, 1000);
}
