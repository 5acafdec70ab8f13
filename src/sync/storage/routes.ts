// The SyncStorage 1.5 routes (sync.md §2.1) under /sync/1.5/{uid}, the
// api_endpoint the tokenserver hands out: who may call, with what, and the
// handler, one route a line. Every route renders its own errors (weave.ts):
// `ownErrors` keeps src/server.ts's FxA translation off them.
import type { Lifecycle, RouteOptions, Server, ServerRoute } from '@hapi/hapi';
import type { ObjectSchema } from 'joi';
import { registerSyncHawk } from '../../auth/sync-hawk.js';
import { SYNC_PREFIX } from '../error-shapes.js';
import { bsoHandlers } from './bsos.js';
import { collectionHandlers } from './collections.js';
import type { StorageDeps } from './context.js';
import { infoHandlers } from './info.js';
import { schemas as S, validationFailed } from './params.js';
import { preflight, weave, weaveResponse, type WeaveDeps } from './weave.js';

export const STORAGE_PREFIX = `${SYNC_PREFIX}/1.5`;
const USER = `${STORAGE_PREFIX}/{uid}`;

type Auth = RouteOptions['auth'];
const TOKEN: Auth = { strategy: 'sync-token' };
// Exactly info/collections accepts an expired token, so clients poll it cheaply (§1.6).
const TOKEN_EXPIRED_OK: Auth = { strategy: 'sync-token-expired-ok' };
const NONE: Auth = false;

export type SyncStorageDeps = StorageDeps &
  Omit<WeaveDeps, 'storeRetryAfterSec'> & {
    syncSecret: Buffer;
    config: { publicUrl: string; database: { retryAfterSec: number } };
  };

interface Validate {
  params?: ObjectSchema;
  query?: ObjectSchema;
}

export function registerSyncStorage(server: Server, d: SyncStorageDeps): void {
  registerSyncHawk(server, { secret: d.syncSecret, publicUrl: d.config.publicUrl, clock: d.clock });
  server.route(storageRoutes(d));
}

export function storageRoutes(d: SyncStorageDeps): ServerRoute[] {
  const info = infoHandlers(d);
  const collection = collectionHandlers(d);
  const bso = bsoHandlers(d);
  const onPreResponse = {
    method: weaveResponse({ ...d, storeRetryAfterSec: d.config.database.retryAfterSec }),
  };
  // Bodies come in raw, of the three accepted types; other types are 415 0.
  const body = {
    parse: false,
    output: 'data' as const,
    maxBytes: d.config.syncStorage.limits.maxRequestBytes,
    allow: ['application/json', 'text/plain', 'application/newlines'],
    // hapi's own error (415, 413) reaches weaveResponse as is, not turned
    // into the FxA error the server's default failAction makes of it.
    failAction: 'error' as const,
  };

  function route(
    method: ServerRoute['method'],
    path: string,
    auth: Auth,
    validate: Validate,
    handler: Lifecycle.Method,
  ): ServerRoute {
    const takesBody = method === 'POST' || method === 'PUT';
    return {
      method,
      path: `${USER}${path}`,
      options: {
        auth,
        cors: false,
        app: { ownErrors: true },
        ext: { onPreResponse },
        validate: { ...validate, failAction: validationFailed },
        ...(takesBody ? { payload: body } : {}),
        handler,
      },
    };
  }
  const elsewhere = (
    method: ServerRoute['method'],
    path: string,
    handler: Lifecycle.Method,
  ): ServerRoute => ({
    method,
    path,
    options: { auth: NONE, cors: false, app: { ownErrors: true }, ext: { onPreResponse }, handler },
  });
  /** Any other method on a known path: 405 (§2.1, PATCH among them). */
  const otherMethods = (path: string, allow: string) =>
    route('*', path, NONE, {}, () => {
      throw weave.methodNotAllowed(allow);
    });

  const U = { params: S.uidOnly };
  const C = { params: S.collection };
  const B = { params: S.bso };

  return [
    route('GET', '/info/collections', TOKEN_EXPIRED_OK, U, info.collections),
    route('GET', '/info/collection_counts', TOKEN, U, info.counts),
    route('GET', '/info/collection_usage', TOKEN, U, info.usage),
    route('GET', '/info/quota', TOKEN, U, info.quota),
    route('GET', '/info/configuration', TOKEN, U, info.configuration),
    route('DELETE', '', TOKEN, U, info.deleteStorage),
    route('DELETE', '/storage', TOKEN, U, info.deleteStorage),
    route('GET', '/storage/{collection}', TOKEN, { ...C, query: S.list }, collection.list),
    route('POST', '/storage/{collection}', TOKEN, { ...C, query: S.post }, collection.post),
    route(
      'DELETE',
      '/storage/{collection}',
      TOKEN,
      { ...C, query: S.deleteIds },
      collection.remove,
    ),
    route('GET', '/storage/{collection}/{id}', TOKEN, B, bso.get),
    route('PUT', '/storage/{collection}/{id}', TOKEN, B, bso.put),
    route('DELETE', '/storage/{collection}/{id}', TOKEN, B, bso.remove),

    ...[
      '/info/collections',
      '/info/collection_counts',
      '/info/collection_usage',
      '/info/quota',
      '/info/configuration',
    ].map((p) => otherMethods(p, 'GET')),
    otherMethods('', 'DELETE'),
    otherMethods('/storage', 'DELETE'),
    otherMethods('/storage/{collection}', 'DELETE, GET, POST'),
    otherMethods('/storage/{collection}/{id}', 'DELETE, GET, PUT'),
    elsewhere('OPTIONS', `${STORAGE_PREFIX}/{path*}`, preflight),
    // Anything else under /sync, whatever the version, is storage's 404.
    elsewhere('*', `${SYNC_PREFIX}/{path*}`, () => {
      throw weave.notFound();
    }),
  ];
}
