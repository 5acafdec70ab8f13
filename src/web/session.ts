// What the pages remember between steps and reloads, in sessionStorage
// only: it lives as long as the tab, is never sent anywhere, and never
// appears in a URL. The session holds the tokens of the signed-in user;
// each flow may keep its own small state under a name of its own.
import type { SessionInfo } from '../client/index.js';

/** The signed-in user, as the sign-in flow leaves it for every other page. */
export type StoredSession = Pick<SessionInfo, 'uid' | 'email' | 'sessionToken' | 'verified'> &
  Partial<Pick<SessionInfo, 'keyFetchToken' | 'unwrapBKey' | 'authAt'>>;

const SESSION_KEY = 'fxa:session';
const FLOW_PREFIX = 'fxa:flow:';

function read<T>(key: string): T | undefined {
  try {
    const text = sessionStorage.getItem(key);
    return text === null ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}

export function getSession(): StoredSession | undefined {
  return read<StoredSession>(SESSION_KEY);
}

export function setSession(session: StoredSession): void {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

export function updateSession(patch: Partial<StoredSession>): void {
  const current = getSession();
  if (current) setSession({ ...current, ...patch });
}

/** Forgets the user and every flow's state (sign-out, or a session the server ended). */
export function clearSession(): void {
  sessionStorage.removeItem(SESSION_KEY);
  for (let i = sessionStorage.length - 1; i >= 0; i--) {
    const key = sessionStorage.key(i);
    if (key?.startsWith(FLOW_PREFIX)) sessionStorage.removeItem(key);
  }
}

export function getFlowState<T>(flow: string): T | undefined {
  return read<T>(FLOW_PREFIX + flow);
}

export function setFlowState<T>(flow: string, state: T | undefined): void {
  if (state === undefined) sessionStorage.removeItem(FLOW_PREFIX + flow);
  else sessionStorage.setItem(FLOW_PREFIX + flow, JSON.stringify(state));
}
