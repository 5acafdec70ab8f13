// One Hawk scheme for every token type (api-v1.md §4). A strategy named after
// each token type loads that token by its Hawk id, checks expiry, and hands
// Hawk the MAC key (token-keys.ts); adding a token type means adding one row
// there. The session summary strategy does the same with a narrower read.
//
// Unlike today's FxA, the MAC is verified. Host and port in the MAC come from
// the configured public URL, not the Host header, so the server verifies the
// same string the client signed even behind a TLS-terminating proxy.
// A payload hash, when the client sends one, must match the raw body; routes
// that set `payload: 'required'` also refuse a request without one.
//
// Unlike FxA, nonces are checked too: a request whose (id, nonce, ts) was
// seen within the last 2 × timestampSkewSec is a replay and gets 401 errno
// 109 (its signature is valid but no longer usable). Not 111, which tells a
// client to re-sign with the server's time: a replay is never to be retried.
// The check runs after the MAC and the timestamp have passed, so only
// requests signed with a live token take a slot.
import type { Server, Request, ResponseToolkit } from '@hapi/hapi';
import { Boom, unauthorized } from '@hapi/boom';
import Hawk from 'hawk';
import type { Credentials } from 'hawk/lib/server.js';
import type { Artifacts } from 'hawk/lib/crypto.js';
import type {
  AccountRecord,
  SessionSummary,
  SessionTokenRecord,
  SessionWithDevices,
  Store,
  TokenRecords,
  TokenType,
} from '../db/store.js';
import { TOKEN_TYPES } from '../db/store.js';
import { isExpired } from '../tokens/token.js';
import { tokenKeys } from './token-keys.js';
import type { MacKey } from './hawk-mac.js';
import { verifyHawk } from './hawk-verify.js';
import { error, isAppError } from '../errors.js';
import type { Logger } from '../log.js';
import { retryAfterLocalized } from '../customs/retry-after.js';

/** Where seen nonces are kept (customs/nonces.ts). */
export interface HawkNonces {
  /**
   * Records (id, nonce, ts); false when it was recorded before. Rejects with
   * an error carrying `retryAfterSec` when it cannot tell, and also
   * `tooMany: true` when this token alone has sent too many requests.
   */
  claim(tokenId: string, nonce: string, ts: string, ttlMs: number): Promise<boolean>;
}

export interface HawkDeps {
  store: Pick<Store, 'token' | 'sessionSummary' | 'sessionWithDevices' | 'touchSessionToken'>;
  nonces: HawkNonces;
  clock: () => number;
  log: Logger;
  config: {
    publicUrl: string;
    hawk: { timestampSkewSec: number; bearerSessionTokens: boolean; checkNonces: boolean };
    tokenLifetimes: Record<TokenType, number>;
  };
}

/** What a route sees as request.auth.credentials. */
export interface TokenCredentials<T extends TokenType = TokenType> {
  id: string;
  key: MacKey;
  algorithm: 'sha256';
  type: T;
  token: TokenRecords[T];
  account: AccountRecord;
}

/**
 * A route that needs only who is signed in and whether their address is
 * verified authenticates with this strategy: one narrow read (Store.sessionSummary)
 * in place of the token with its whole account. Its credentials carry the
 * summary, typed as such, so a handler cannot reach a field that was not read.
 */
export const SESSION_SUMMARY = 'sessionSummary';

export interface SessionSummaryCredentials extends SessionSummary {
  id: string;
  key: MacKey;
  algorithm: 'sha256';
  type: 'sessionToken';
}

/**
 * The same for the device list: the summary and the account's devices in
 * one read (Store.sessionWithDevices), the devices in the credentials.
 */
export const SESSION_DEVICES = 'sessionDevices';

export interface SessionDevicesCredentials extends SessionSummaryCredentials {
  devices: SessionWithDevices['devices'];
}

type Loaded = { token: { tokenId: Buffer; createdAt: number }; account: { uid: Buffer } };

/** A strategy: the token type it takes and how it reads the token's row. */
interface Strategy {
  type: TokenType;
  load(store: HawkDeps['store'], tokenId: Buffer): Promise<Loaded | undefined>;
}

// One strategy per token type, named after it, that reads the token with
// its account; and the session summary.
const STRATEGIES: Record<string, Strategy> = {
  ...Object.fromEntries(
    TOKEN_TYPES.map((type): [string, Strategy] => [
      type,
      { type, load: (store, tokenId) => store.token(type, tokenId) },
    ]),
  ),
  [SESSION_SUMMARY]: {
    type: 'sessionToken',
    load: (store, tokenId) => store.sessionSummary(tokenId),
  },
  [SESSION_DEVICES]: {
    type: 'sessionToken',
    load: (store, tokenId) => store.sessionWithDevices(tokenId),
  },
};

// Newer Firefox sends `Authorization: Bearer fxs_<tokenId>` instead of Hawk
// (firefox.md §3.1). The id is HKDF-derived from the seed, so it is as
// secret as the token itself; without a MAC it relies on TLS alone, which is
// why a config switch can turn it off. Only session tokens take this form.
const BEARER_PREFIX: Partial<Record<TokenType, string>> = { sessionToken: 'fxs_' };
const BEARER = /^Bearer\s+(fx[a-z]+_)([0-9a-fA-F]{64})$/;

const HEX_ID = /^[0-9a-fA-F]{64}$/;
// lastAccessTime says whether a device is idle (days) and is shown among
// attached clients; an hourly grain keeps a write off most requests.
const TOUCH_EVERY_MS = 60 * 60 * 1000;
const RAW_BODY = Symbol('rawBody');
const MAC_ERRORS = new Set(['Bad mac', 'Unknown algorithm', 'Bad payload hash']);

interface HawkError extends Boom {
  isMissing?: boolean;
}

const contentTypeOf = (request: Request) =>
  (request.headers['content-type'] as string | undefined) ?? '';

function hawkTarget(publicUrl: string): { host: string; port: number } {
  const url = new URL(publicUrl);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { host: url.hostname, port };
}

/**
 * Keeps the raw bytes of a signed request's body: the payload hash covers
 * the body exactly as sent, which JSON parsing would lose. Called from the
 * server's one onRequest extension (src/server.ts): each extension costs
 * every request a pass through hapi's toolkit.
 */
export function keepSignedBody(request: Request): void {
  // Only signed requests with a body need it; listening costs every request
  // an event emitter, which showed in the read benchmark.
  const hasBody =
    (request.headers['content-length'] ?? '0') !== '0' ||
    request.headers['transfer-encoding'] !== undefined;
  if (request.headers.authorization && hasBody) {
    const chunks: Buffer[] = [];
    // hapi types the chunk as a string; it is the Buffer read off the socket.
    request.events.on('peek', (chunk: string) => chunks.push(Buffer.from(chunk)));
    (request.app as Record<symbol, () => Buffer>)[RAW_BODY] = () => Buffer.concat(chunks);
  }
}

export function registerHawk(server: Server, deps: HawkDeps): void {
  const { host, port } = hawkTarget(deps.config.publicUrl);

  const keyOf = tokenKeys() as Record<TokenType, (id: string, token: unknown) => MacKey>;

  // The row is read on every request, so a session destroyed, or signed out
  // by a password change or reset, through any process sharing the database
  // is refused (110) on its very next request.
  async function credentialsFor(
    strategy: Strategy,
    id: string,
  ): Promise<TokenCredentials | SessionSummaryCredentials | SessionDevicesCredentials | null> {
    if (!HEX_ID.test(id)) return null;
    const { type } = strategy;
    const found = await strategy.load(deps.store, Buffer.from(id, 'hex'));
    if (found === undefined) return null;
    if (isExpired(found.token.createdAt, deps.config.tokenLifetimes[type], deps.clock())) {
      return null;
    }
    const key = keyOf[type](id, found.token);
    // The token and account, and the devices where the strategy read them.
    return { ...found, id, key, algorithm: 'sha256', type } as
      TokenCredentials | SessionSummaryCredentials | SessionDevicesCredentials;
  }

  function toAppError(err: HawkError): Boom {
    if (isAppError(err)) return err;
    // A missing header stays "missing" so optional-auth routes can go on.
    if (err.isMissing) return err;
    if (err.message === 'Stale timestamp') {
      const header = err.output.headers['WWW-Authenticate'];
      return error.invalidTimestamp(
        Math.floor(deps.clock() / 1000),
        typeof header === 'string' ? header : undefined,
      );
    }
    if (MAC_ERRORS.has(err.message)) return error.invalidSignature(err.message);
    if (err.output?.statusCode === 401) return error.invalidToken();
    if (err.output?.statusCode === 400) return error.invalidSignature(err.message);
    return err;
  }

  /**
   * After a request authenticated with a sessionToken, note its use now and
   * then: a promise only when a write is due, so most requests skip the
   * await. Awaited when there is one, so what the request does next already
   * sees it; a failure only costs the bookkeeping, never the request.
   */
  function touch(credentials: { type: TokenType; token: unknown }): Promise<void> | undefined {
    if (credentials.type !== 'sessionToken') return undefined;
    const session = credentials.token as Pick<SessionTokenRecord, 'tokenId' | 'lastAccessTime'>;
    const now = deps.clock();
    if (now - session.lastAccessTime < TOUCH_EVERY_MS) return undefined;
    return deps.store
      .touchSessionToken(session.tokenId, now)
      .catch((err: unknown) => deps.log.warn({ err }, 'could not record session use'));
  }

  /** Refuses a request whose nonce this token used within the window (109). */
  async function checkNonce(request: Request, tokenId: string, artifacts: Artifacts) {
    if (!deps.config.hawk.checkNonces) return;
    const ttlMs = 2 * deps.config.hawk.timestampSkewSec * 1000;
    let fresh: boolean;
    try {
      fresh = await deps.nonces.claim(tokenId, artifacts.nonce, artifacts.ts, ttlMs);
    } catch (err) {
      const { retryAfterSec, tooMany } = err as { retryAfterSec?: unknown; tooMany?: unknown };
      const retryAfter = typeof retryAfterSec === 'number' ? retryAfterSec : 30;
      if (tooMany === true) {
        const lang = request.headers['accept-language'] as string | undefined;
        throw error.tooManyRequests(retryAfter, retryAfterLocalized(retryAfter, lang));
      }
      throw error.serviceUnavailable(retryAfter, err);
    }
    if (!fresh) throw error.invalidSignature('Invalid nonce: the request was replayed');
  }

  server.auth.scheme('fxa-hawk', (_server, options) => {
    const strategy = (options as { strategy: Strategy }).strategy;
    const { type } = strategy;
    const lookup = (id: string) => credentialsFor(strategy, id);
    return {
      async authenticate(request: Request, h: ResponseToolkit) {
        const header = (request.headers.authorization as string | undefined) ?? '';
        const bearer = header.startsWith('Bearer') ? BEARER.exec(header) : null;
        if (bearer && deps.config.hawk.bearerSessionTokens && BEARER_PREFIX[type] === bearer[1]) {
          const credentials = await credentialsFor(strategy, bearer[2]!);
          if (!credentials) throw error.invalidToken();
          const touching = touch(credentials);
          if (touching) await touching;
          // No artifacts.hash: routes that require a signed payload refuse it.
          return h.authenticated({ credentials, artifacts: {} });
        }
        try {
          // Host and port are ours, not the Host header's.
          const described = {
            method: request.method.toUpperCase(),
            url: request.raw.req.url ?? request.path,
            host,
            port,
            authorization: request.headers.authorization as string | undefined,
          };
          const { credentials, artifacts } = await verifyHawk(described, lookup, {
            timestampSkewSec: deps.config.hawk.timestampSkewSec,
            nowMs: deps.clock(),
          });
          await checkNonce(request, credentials.id, artifacts);
          const touching = touch(credentials);
          if (touching) await touching;
          return h.authenticated({ credentials, artifacts });
        } catch (err) {
          throw err instanceof Boom ? toAppError(err) : err;
        }
      },

      payload(request: Request, h: ResponseToolkit) {
        const artifacts = request.auth.artifacts as { hash?: string };
        if (!artifacts.hash) throw unauthorized(null, 'Hawk');
        const raw = (request.app as Record<symbol, (() => Buffer) | undefined>)[RAW_BODY];
        const body: string = raw ? raw().toString('utf8') : '';
        try {
          Hawk.server.authenticatePayload(
            body,
            request.auth.credentials as unknown as Credentials,
            artifacts as Artifacts,
            contentTypeOf(request),
          );
        } catch (err) {
          throw err instanceof Boom ? toAppError(err) : err;
        }
        return h.continue;
      },
    };
  });

  for (const [name, strategy] of Object.entries(STRATEGIES)) {
    server.auth.strategy(name, 'fxa-hawk', { strategy });
  }
}
