// The requests the bench sends, built the way a real client builds them with
// the independent protocol client of test/client: onepw-stretched authPW
// (stretched once per account up front; the client's PBKDF2 is not what is
// measured) and a fresh Hawk header for every signed request.
import { randomBytes } from 'node:crypto';
import { deriveToken, stretch } from '../../test/client/onepw.js';
import { hawkHeader } from '../../test/client/hawk.js';
import { send } from './http.js';
import type { BuiltRequest } from './load.js';

export interface BenchAccount {
  email: string;
  authPW: string;
  /** Hawk credentials of the session token the sign-up returned. */
  session: { id: string; key: Buffer };
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const PASSWORD = 'bench password';

/** A run-unique email: several runs may share one MySQL server. */
export const benchEmail = (tag: string, n: number | string): string =>
  `bench-${tag}-${n}@example.com`;

export async function createAccount(origin: string, email: string): Promise<BenchAccount> {
  const { authPW } = await stretch(email, PASSWORD);
  const answer = await send(
    origin,
    {
      method: 'POST',
      path: '/v1/account/create?keys=true',
      headers: JSON_HEADERS,
      body: JSON.stringify({ email, authPW: authPW.toString('hex'), preVerified: true }),
    },
    { agent: false },
  );
  const body = JSON.parse(answer.body) as { sessionToken?: string };
  if (answer.status !== 200 || !body.sessionToken) {
    throw new Error(`sign-up of ${email} failed: ${answer.status} ${answer.body}`);
  }
  const { id, authKey } = await deriveToken('sessionToken', body.sessionToken);
  return { email, authPW: authPW.toString('hex'), session: { id, key: authKey } };
}

/** Signs up `count` accounts one after another (each costs one scrypt on the server). */
export async function createAccounts(
  origin: string,
  tag: string,
  count: number,
): Promise<BenchAccount[]> {
  const accounts: BenchAccount[] = [];
  for (let i = 0; i < count; i++) accounts.push(await createAccount(origin, benchEmail(tag, i)));
  return accounts;
}

/** Round-robin over `items`, so each connection's next request uses the next one. */
function cycle<T>(items: readonly T[]): () => T {
  if (items.length === 0) throw new Error('nothing to cycle over');
  let i = 0;
  return () => items[i++ % items.length] as T;
}

/** POST /v1/account/login?keys=true, as Firefox logs in. */
export function loginRequests(accounts: readonly BenchAccount[]): () => BuiltRequest {
  const next = cycle(accounts);
  const bodies = new Map(
    accounts.map((a) => [a, JSON.stringify({ email: a.email, authPW: a.authPW })]),
  );
  return () => ({
    method: 'POST',
    path: '/v1/account/login?keys=true',
    headers: JSON_HEADERS,
    body: bodies.get(next()) ?? '',
  });
}

/** POST /v1/account/create?keys=true with a new email every time. */
export function signupRequests(tag: string): () => BuiltRequest {
  let n = 0;
  // The server cannot tell one 32-byte authPW from another; stretching a
  // password per request would only load the client.
  const authPW = randomBytes(32).toString('hex');
  return () => ({
    method: 'POST',
    path: '/v1/account/create?keys=true',
    headers: JSON_HEADERS,
    body: JSON.stringify({ email: benchEmail(`${tag}-signup`, n++), authPW, preVerified: true }),
  });
}

/**
 * GET /v1/session/status with a new Hawk header (timestamp and nonce) per
 * request. `publicUrl` gives the host and port the MAC covers.
 */
export function sessionStatusRequests(
  publicUrl: string,
  accounts: readonly BenchAccount[],
): () => BuiltRequest {
  const next = cycle(accounts);
  const path = '/v1/session/status';
  const url = `${publicUrl}${path}`;
  return () => {
    const { session } = next();
    const credentials = { id: session.id, key: session.key, algorithm: 'sha256' as const };
    return {
      method: 'GET',
      path,
      headers: { authorization: hawkHeader(url, 'GET', { credentials }) },
    };
  };
}
