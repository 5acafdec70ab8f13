// The requests the bench sends, built the way a real client builds them with
// the independent protocol client of test/client: onepw-stretched authPW
// (stretched once per account up front; the client's PBKDF2 is not what is
// measured) and a fresh Hawk header for every signed request.
import { randomBytes } from 'node:crypto';
import { deriveToken, stretch } from '../../test/client/onepw.js';
import { hawkHeader } from '../../test/client/hawk.js';
import { FIREFOX_CLIENT_ID } from '../../src/client/index.js';
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
  return hawkGetRequests(
    publicUrl,
    '/v1/session/status',
    accounts.map((a) => a.session),
  );
}

/** A Hawk-signed JSON POST with the session, as a client makes its one-off calls. */
async function signedPost(
  origin: string,
  publicUrl: string,
  session: BenchAccount['session'],
  path: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const payload = JSON.stringify(body);
  const credentials = { id: session.id, key: session.key, algorithm: 'sha256' as const };
  const authorization = hawkHeader(`${publicUrl}${path}`, 'POST', {
    credentials,
    payload,
    contentType: 'application/json',
  });
  const answer = await send(
    origin,
    { method: 'POST', path, headers: { ...JSON_HEADERS, authorization }, body: payload },
    { agent: false },
  );
  if (answer.status !== 200) throw new Error(`POST ${path}: ${answer.status} ${answer.body}`);
  return JSON.parse(answer.body) as Record<string, unknown>;
}

/** One more session of `account`, by logging in again (one scrypt on the server). */
async function login(origin: string, account: BenchAccount): Promise<BenchAccount['session']> {
  const answer = await send(
    origin,
    {
      method: 'POST',
      path: '/v1/account/login',
      headers: JSON_HEADERS,
      body: JSON.stringify({ email: account.email, authPW: account.authPW }),
    },
    { agent: false },
  );
  const body = JSON.parse(answer.body) as { sessionToken?: string };
  if (answer.status !== 200 || !body.sessionToken) {
    throw new Error(`login of ${account.email} failed: ${answer.status} ${answer.body}`);
  }
  const { id, authKey } = await deriveToken('sessionToken', body.sessionToken);
  return { id, key: authKey };
}

/**
 * Sessions of accounts that each hold `perAccount` devices, one per
 * session as Firefox registers them: the first `accountCount` accounts log
 * in again until they have that many sessions, and every session registers
 * its device. Returns every session, each of which lists its account's devices.
 */
export async function sessionsWithDevices(
  origin: string,
  publicUrl: string,
  accounts: readonly BenchAccount[],
  accountCount: number,
  perAccount: number,
): Promise<BenchAccount['session'][]> {
  const sessions: BenchAccount['session'][] = [];
  for (const account of accounts.slice(0, accountCount)) {
    const own = [account.session];
    while (own.length < perAccount) own.push(await login(origin, account));
    for (const [i, session] of own.entries()) {
      await signedPost(origin, publicUrl, session, '/v1/account/device', {
        name: `bench device ${i + 1}`,
        type: i === 0 ? 'desktop' : 'mobile',
        availableCommands: { 'https://identity.mozilla.com/cmd/open-uri': 'bench-key' },
      });
    }
    sessions.push(...own);
  }
  return sessions;
}

/** An access token with the `profile` scope per account (the fxa-credentials grant). */
export async function profileTokens(
  origin: string,
  publicUrl: string,
  accounts: readonly BenchAccount[],
): Promise<string[]> {
  const tokens: string[] = [];
  for (const { session } of accounts) {
    const answer = await signedPost(origin, publicUrl, session, '/v1/oauth/token', {
      grant_type: 'fxa-credentials',
      client_id: FIREFOX_CLIENT_ID,
      scope: 'profile',
    });
    tokens.push(String(answer.access_token));
  }
  return tokens;
}

/** GET `path` Hawk-signed afresh per request, cycling over `sessions`. */
export function hawkGetRequests(
  publicUrl: string,
  path: string,
  sessions: readonly BenchAccount['session'][],
): () => BuiltRequest {
  const next = cycle(sessions);
  const url = `${publicUrl}${path}`;
  return () => {
    const session = next();
    const credentials = { id: session.id, key: session.key, algorithm: 'sha256' as const };
    return {
      method: 'GET',
      path,
      headers: { authorization: hawkHeader(url, 'GET', { credentials }) },
    };
  };
}

/** GET the profile with a bearer access token, cycling over `tokens`. */
export function bearerGetRequests(path: string, tokens: readonly string[]): () => BuiltRequest {
  const next = cycle(tokens.map((t) => ({ authorization: `Bearer ${t}` })));
  return () => ({ method: 'GET', path, headers: next() });
}

/**
 * `count` requests built now, handed out one after another, and built
 * afresh once they run out. Each is still signed once, with a nonce of its
 * own, so the server does all its work; only the client's signing moves out
 * of the measured window, which leaves the client as cheap per request as
 * the bare route's and lets the server run as close to saturation as the
 * bare route does.
 */
export function presigned(build: () => BuiltRequest, count: number): () => BuiltRequest {
  const ready: (BuiltRequest | undefined)[] = Array.from({ length: count }, build);
  let i = 0;
  return () => {
    const next = ready[i];
    if (next === undefined) return build();
    ready[i++] = undefined;
    return next;
  };
}
