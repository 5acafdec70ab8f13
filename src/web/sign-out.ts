// Signing the tab's session out, for every page with a Sign out button.
// Only the server's word counts: the session is gone when it says so, or
// when it no longer knows the token (110). Any other failure leaves the
// person signed in, and the page says so instead of pretending, since the
// token would still work for whoever holds it.
import { ERRNO, FxaError } from '../client/index.js';
import { client } from './api.js';
import { errorMessage } from './errors.js';
import { t } from './i18n/index.js';
import { clearSession, type StoredSession } from './session.js';
import { firefoxLogout } from './settings/firefox.js';

/** Undefined once signed out (Firefox told too); else the message to show. */
export async function signOut(session: StoredSession): Promise<string | undefined> {
  try {
    await client.sessionDestroy(session.sessionToken);
  } catch (err) {
    if (!(err instanceof FxaError && err.errno === ERRNO.INVALID_TOKEN)) {
      return t('common.signOutFailed', { reason: errorMessage(err) });
    }
  }
  await firefoxLogout(session);
  clearSession();
  return undefined;
}
