// Hawk for SyncStorage requests (sync.md §1.6): stateless. The Hawk id is a
// tokenlib token (src/sync/tokenlib.ts) whose HMAC proves the tokenserver
// issued it; its key is derived from the id and the master secret, so no
// lookup happens. The MAC covers method, path?query as received, and the
// host and port of the configured public URL (not the Host header), so it
// holds behind a TLS-terminating proxy. The skew allowed is large, as in
// syncstorage-rs (52 weeks): the token's own expiry bounds replay, and
// Firefox sends no nonce worth caching. Payload hashes are not checked.
//
// Two strategies: `sync-token` refuses an expired token; `sync-token-expired-ok`
// accepts one, for info/collections alone, so a client can poll it cheaply.
import type { IncomingMessage } from 'node:http';
import type { Request, ResponseToolkit, Server } from '@hapi/hapi';
import { Boom, badRequest, notFound, unauthorized } from '@hapi/boom';
import Hawk from 'hawk';
import type { CredentialsFunc } from 'hawk/lib/server.js';
import { parseToken, signingKey, tokenSecret, type TokenPayload } from '../sync/tokenlib.js';

export const SYNC_SKEW_SEC = 52 * 7 * 24 * 3600;
// Token secrets kept derived: a client sends the same token for its whole
// duration, and a token is small, so this many cover every active client
// of a busy node at the cost of a few MiB.
const CACHED_SECRETS = 20_000;

/**
 * Secrets of tokens already seen, by token id. A secret is a pure function
 * of the id (whose payload carries the salt) and the master secret, so a
 * hit gives exactly what HKDF would, and the cache decides nothing: the
 * id's HMAC, its expiry and the Hawk MAC are checked on every request as
 * before. Only HKDF, the costliest step, is skipped. The oldest entry goes
 * when the cache is full.
 */
export class TokenSecretCache {
  private readonly byId = new Map<string, string>();

  constructor(private readonly max = CACHED_SECRETS) {}

  /** How many secrets are kept. */
  get size(): number {
    return this.byId.size;
  }

  secretOf(master: Buffer, id: string, salt: string): string {
    const cached = this.byId.get(id);
    if (cached !== undefined) return cached;
    const secret = tokenSecret(master, id, salt);
    if (this.byId.size >= this.max) {
      const oldest = this.byId.keys().next();
      if (!oldest.done) this.byId.delete(oldest.value);
    }
    this.byId.set(id, secret);
    return secret;
  }
}

export interface SyncHawkDeps {
  /** The Sync master secret (src/sync/secret.ts). */
  secret: Buffer;
  publicUrl: string;
  clock: () => number;
}

/** What a storage route sees as request.auth.credentials. */
export interface SyncCredentials {
  uid: number;
  token: TokenPayload;
}

export interface SyncRequest {
  method: string;
  /** Path and query exactly as sent. */
  url: string;
  host: string;
  port: number;
  authorization: string | undefined;
}

const PATH_UID = /^[0-9]{1,10}$/;
const toUrlSafe = (b64: string) => b64.replaceAll('+', '-').replaceAll('/', '_');

/** Host and port of the public URL, as clients sign them. */
export function publicHostPort(publicUrl: string): { host: string; port: number } {
  const url = new URL(publicUrl);
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { host: url.hostname, port };
}

/**
 * Verifies one request; resolves to the token's payload, or throws a Boom
 * 401 (any Hawk or token failure; no detail reaches the client).
 */
export async function verifySyncRequest(
  req: SyncRequest,
  opts: {
    master: Buffer;
    key?: Buffer;
    now: number;
    allowExpired: boolean;
    secrets?: TokenSecretCache;
  },
): Promise<TokenPayload> {
  if (!/^Hawk /.test(req.authorization ?? '')) throw unauthorized(null, 'Hawk');
  const key = opts.key ?? signingKey(opts.master);
  let payload: TokenPayload | undefined;
  const lookup = (id: string) => {
    payload = parseToken(id, key);
    if (payload === undefined) return null;
    // sync.md §1.6: refused when round(expires) <= now.
    if (!opts.allowExpired && Math.round(payload.expires) <= opts.now / 1000) return null;
    const derived = opts.secrets
      ? opts.secrets.secretOf(opts.master, id, payload.salt)
      : tokenSecret(opts.master, id, payload.salt);
    const secret = toUrlSafe(derived);
    return { key: secret, algorithm: 'sha256' };
  };
  try {
    await Hawk.server.authenticate(req as unknown as IncomingMessage, lookup as CredentialsFunc, {
      timestampSkewSec: SYNC_SKEW_SEC,
      localtimeOffsetMsec: opts.now - Date.now(),
    });
  } catch (err) {
    throw err instanceof Boom && err.output.statusCode === 401 ? err : unauthorized('Invalid Hawk');
  }
  if (payload === undefined) throw unauthorized('Invalid token');
  return payload;
}

export function registerSyncHawk(server: Server, deps: SyncHawkDeps): void {
  const { host, port } = publicHostPort(deps.publicUrl);
  const key = signingKey(deps.secret);
  const secrets = new TokenSecretCache();

  server.auth.scheme('sync-hawk', (_server, options) => {
    const allowExpired = (options as { allowExpired: boolean }).allowExpired;
    return {
      async authenticate(request: Request, h: ResponseToolkit) {
        const pathUid = (request.params as { uid?: string }).uid ?? '';
        if (!PATH_UID.test(pathUid)) throw notFound();
        const token = await verifySyncRequest(
          {
            method: request.method.toUpperCase(),
            url: request.raw.req.url ?? request.path,
            host,
            port,
            authorization: request.headers.authorization as string | undefined,
          },
          { master: deps.secret, key, now: deps.clock(), allowExpired, secrets },
        );
        // The token names the only user it may act for (§1.6: 400).
        if (token.uid !== Number(pathUid)) throw badRequest('uid conflicts with token');
        const credentials: SyncCredentials = { uid: token.uid, token };
        return h.authenticated({ credentials: credentials as never });
      },
    };
  });
  server.auth.strategy('sync-token', 'sync-hawk', { allowExpired: false });
  server.auth.strategy('sync-token-expired-ok', 'sync-hawk', { allowExpired: true });
}
