// The built-in Sync tokenserver: GET <publicUrl>/token/1.0/sync/1.5, the
// default sync_tokenserver_base_url of discovery (firefox.md §4, sync.md §1).
//
// Firefox brings an oldsync OAuth access token and the kid of its oldsync
// key; it gets back a tokenlib token for one Sync uid on the storage node.
// The access token is checked here, in-process, with the very path
// /v1/verify and the profile server use (signature, typ, expiry, not
// revoked), plus what a tokenserver needs: issued for this tokenserver
// (aud) and for oldsync (scope). The steps run in the order of sync.md
// §1.2, so each failure answers with the error a client expects.
//
// Every error under /token is in the tokenserver's own shape (errors.ts).
import Joi from 'joi';
import type { Request, ResponseToolkit, ServerRoute } from '@hapi/hapi';
import type { Deps } from '../../deps.js';
import { ERRNOS, isAppError } from '../../errors.js';
import { oauthGrants, type VerifiedToken } from '../../oauth/grants.js';
import { OLDSYNC_SCOPE, covers } from '../../oauth/scopes.js';
import { eraseStorage, type SyncStorageEraser } from '../lifecycle.js';
import { corniceResponse, tokenserverError, unsupportedVersion } from './errors.js';
import { bearerToken, keyId } from './headers.js';
import { decide, type Claims } from './rules.js';
import { CONFLICT, type SyncUserRecord, type TokenserverStore } from './store.js';
import { syncToken, type TokenSecrets } from './token.js';

/** What main.ts builds for the tokenserver. */
export interface Tokenserver {
  users: TokenserverStore;
  secrets: TokenSecrets;
  /** Deletes the storage of uids whose keys were replaced. */
  eraser: SyncStorageEraser;
  /** `node_type` of the built-in node (its database); none for an external one. */
  nodeType?: string;
}

type TokenserverDeps = Pick<
  Deps,
  'config' | 'store' | 'oauthKeys' | 'clock' | 'log' | 'tokenserver'
>;

export const TOKENSERVER_PREFIX = '/token';
// Two token requests racing for one account settle in one retry; more
// means something keeps writing the rows, and the client should back off.
const ALLOCATE_ATTEMPTS = 3;
const NODE_URL_MAX = 255;
const TOKEN_PATH = new RegExp(`^${TOKENSERVER_PREFIX}/1\\.0/[^/]+/[^/]+$`);

/** Where the built-in storage answers (the storage room mounts its routes there). */
export const builtInNodeUrl = (publicUrl: string) => `${publicUrl}/sync`;

/** The node new uids are placed on: sync.nodeUrl, or the built-in storage. */
export function syncNodeUrl(config: Pick<Deps['config'], 'sync' | 'publicUrl'>): string {
  const node = (config.sync.nodeUrl || builtInNodeUrl(config.publicUrl)).replace(/\/+$/, '');
  const { protocol } = new URL(node);
  if ((protocol !== 'http:' && protocol !== 'https:') || node.length > NODE_URL_MAX) {
    throw new Error(`sync.nodeUrl must be an http(s) URL of at most ${NODE_URL_MAX} characters`);
  }
  return node;
}

/** ?duration=N counts only when it is a whole number within the configured lifetime. */
const durationQuery = (max: number) =>
  Joi.object({
    duration: Joi.string()
      .pattern(/^\+?\d{1,15}$/)
      .custom((value: string, helpers) =>
        Number(value) <= max ? Number(value) : helpers.error('any.invalid'),
      )
      .failover(max)
      .default(max),
  });

export function tokenserverRoutes(d: TokenserverDeps): ServerRoute[] {
  const handlers = tokenserverHandlers(d);
  const ext = { onPreResponse: { method: corniceResponse(d.log) } };
  const query = durationQuery(d.config.sync.tokenDuration);
  // ownErrors keeps src/server.ts's FxA translation (and its Timestamp
  // header) off every response under /token.
  const app = { ownErrors: true };
  return [
    {
      method: 'GET',
      path: `${TOKENSERVER_PREFIX}/1.0/{application}/{version}`,
      options: { auth: false, app, validate: { query }, ext, handler: handlers.token },
    },
    {
      method: '*',
      path: `${TOKENSERVER_PREFIX}/{path*}`,
      options: {
        auth: false,
        app,
        ext,
        // No body is read, and whatever the server's defaults would say of
        // its type or size is ignored: what is wrong with such a request is
        // its method or its path.
        payload: { output: 'stream', parse: false, failAction: 'ignore' },
        handler: handlers.elsewhere,
      },
    },
  ];
}

const header = (request: Request, name: string) => {
  const value: unknown = request.headers[name];
  return typeof value === 'string' ? value : undefined;
};

function tokenserverHandlers(d: TokenserverDeps) {
  const grants = oauthGrants(d);
  const { users, secrets, eraser, nodeType } = d.tokenserver;
  const node = syncNodeUrl(d.config);
  const audience = d.config.discovery.syncTokenserverUrl;

  async function token(request: Request, h: ResponseToolkit) {
    const access = await verifyAccess(bearerToken(header(request, 'authorization')));
    const key = keyId(header(request, 'x-keyid'), header(request, 'x-client-state'));
    checkApplication(request.params as { application: string; version: string });
    const fxaUid = access.uid.toString('hex');
    request.app.uid = fxaUid;
    const claims: Claims = {
      fxaUid: access.uid,
      generation: access.generation === 0 ? null : access.generation,
      keysChangedAt: key.keysChangedAt,
      clientState: key.clientState,
    };
    const user = await placeUser(claims);
    const now = d.clock();
    const { duration } = request.query as { duration: number };
    const { uid, generation, keysChangedAt, clientState } = user;
    const body = syncToken(
      secrets,
      { uid, node: user.node, fxaUid, generation, keysChangedAt, clientState, duration, now },
      nodeType,
    );
    return h
      .response(body)
      .header('X-Timestamp', String(Math.floor(now / 1000)))
      .header('X-Content-Type-Options', 'nosniff');
  }

  // §1.2 row 3: anything wrong with the token itself is invalid-credentials;
  // not being able to check it at all is 503.
  async function verifyAccess(bearer: string): Promise<VerifiedToken> {
    let verified: VerifiedToken;
    try {
      verified = await grants.verify(bearer, audience);
    } catch (err) {
      if (isAppError(err) && err.errno === ERRNOS.INVALID_TOKEN) {
        throw tokenserverError('invalidCredentials');
      }
      throw tokenserverError('unavailable', err);
    }
    if (!verified.scopes.some((s) => covers(s, OLDSYNC_SCOPE))) {
      throw tokenserverError('invalidCredentials');
    }
    return verified;
  }

  /** §1.3: the account's uid for these claims, creating or replacing its row as the rules say. */
  async function placeUser(claims: Claims): Promise<SyncUserRecord> {
    for (let attempt = 1; attempt <= ALLOCATE_ATTEMPTS; attempt++) {
      const rows = await stored(() => users.usersOf(claims.fxaUid));
      const decision = decide(claims, rows, {
        node,
        allowNewUsers: d.config.sync.allowNewUsers,
        now: d.clock(),
      });
      if (decision.kind === 'refuse') throw decision.error;
      if (decision.kind === 'keep') {
        const { user } = decision;
        if (decision.advance) {
          await stored(() => users.advance(user.uid, user.generation, user.keysChangedAt));
        }
        return user;
      }
      const placed = await stored(() => users.allocate(decision.user, decision.replacing));
      if (placed === CONFLICT) continue;
      if (decision.keysChanged) await eraseReplaced(rows.map((r) => r.uid));
      return placed;
    }
    throw tokenserverError('unavailable', new Error('Sync user rows kept changing'));
  }

  // Storage under a replaced client state was encrypted with the old kB.
  // A reset already erased it (lifecycle.ts); this catches a reset whose
  // cleanup was cut short. The token is good either way.
  async function eraseReplaced(uids: number[]): Promise<void> {
    try {
      await eraseStorage(eraser, uids);
    } catch (err) {
      d.log.error({ err }, 'erasing the storage of replaced Sync uids failed');
    }
  }

  function elsewhere(request: Request): never {
    const tokenPath = TOKEN_PATH.test(request.path);
    throw tokenserverError(tokenPath ? 'methodNotAllowed' : 'notFound');
  }

  return { token, elsewhere };
}

/** §1.2 row 8, checked after the credentials as syncstorage-rs does. */
function checkApplication(params: { application: string; version: string }): void {
  if (params.application !== 'sync') throw tokenserverError('unsupportedApplication');
  if (params.version !== '1.5') throw unsupportedVersion(params.version);
}

/** A store call; its failure is the database being unavailable, logged with its cause. */
async function stored<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw tokenserverError('unavailable', err);
  }
}
