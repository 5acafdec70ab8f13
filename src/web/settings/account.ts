// Whose settings these are. The tab's own session (left by the sign-in
// flow) comes first; Firefox opening /settings in a fresh tab has none, so
// the session Firefox itself holds is used next, as fxa_status hands it to
// pages of its own origin. Without either, the person signs in first and
// comes back to the settings address they asked for.
import { useEffect, useState } from 'preact/hooks';
import { ERRNO, FxaError } from '../../client/index.js';
import { navigate, query } from '../router.js';
import { clearSession, getFlowState, getSession, setFlowState, setSession } from '../session.js';
import type { StoredSession } from '../session.js';
import { detectFirefox } from './firefox.js';

/** Where to come back to after signing in, kept while the sign-in flow runs. */
const FLOW = 'settings';
interface Saved {
  returnTo: string;
}

export type AccountState = { name: 'loading' } | { name: 'ready'; session: StoredSession };

export function useAccount(): [AccountState, (session: StoredSession) => void] {
  const [state, setState] = useState<AccountState>(() => {
    const session = getSession();
    return session?.verified ? { name: 'ready', session } : { name: 'loading' };
  });
  useEffect(() => {
    // Asked now, so that signing out or changing the password later need not wait for it.
    void detectFirefox().catch(() => undefined);
    const saved = getFlowState<Saved>(FLOW);
    if (saved) {
      setFlowState(FLOW, undefined);
      if (saved.returnTo !== location.pathname) navigate(saved.returnTo, { replace: true });
    }
    if (state.name === 'ready') return;
    void fromFirefox().then((session) => {
      if (session) return setState({ name: 'ready', session });
      signInFirst();
    });
  }, []);
  function update(session: StoredSession) {
    setSession(session);
    setState({ name: 'ready', session });
  }
  return [state, update];
}

async function fromFirefox(): Promise<StoredSession | undefined> {
  const user = (await detectFirefox().catch(() => undefined))?.signedInUser;
  if (!user?.sessionToken || !user.verified) return undefined;
  const session = { uid: user.uid, email: user.email, sessionToken: user.sessionToken };
  setSession({ ...session, verified: true });
  return { ...session, verified: true };
}

/** To the sign-in page (the address Firefox gave prefilled), and back here after. */
export function signInFirst(): void {
  clearSession();
  setFlowState<Saved>(FLOW, { returnTo: location.pathname });
  const email = query().get('email');
  navigate('/', {
    query: email ? `?${new URLSearchParams({ email }).toString()}` : '',
    replace: true,
  });
}

/** True when the server says the session is gone (signed out elsewhere, password changed). */
export function sessionEnded(err: unknown): boolean {
  return err instanceof FxaError && err.errno === ERRNO.INVALID_TOKEN;
}
