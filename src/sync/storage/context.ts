// What every storage handler shares: the deps it takes, the user the token
// names, and the mapping of store outcomes onto weave errors.
import type { Request } from '@hapi/hapi';
import type { SyncCredentials } from '../../auth/sync-hawk.js';
import { formatTimestamp } from './clock.js';
import {
  OverQuota,
  PreconditionFailed,
  RetiredUser,
  UnknownBatch,
  type Bso,
  type SyncStore,
} from './store.js';
import { weave } from './weave.js';

export interface StorageConfig {
  limits: {
    maxPostBytes: number;
    maxPostRecords: number;
    maxRecordPayloadBytes: number;
    maxRequestBytes: number;
    maxTotalBytes: number;
    maxTotalRecords: number;
  };
  quota: { enabled: boolean; bytes: number };
  batchLifetimeSec: number;
}

export interface StorageDeps {
  syncStore: SyncStore;
  clock: () => number;
  config: { syncStorage: StorageConfig };
}

export const uidOf = (request: Request): number =>
  (request.auth.credentials as unknown as SyncCredentials).uid;

export const param = (request: Request, name: 'collection' | 'id'): string =>
  (request.params as Record<string, string>)[name] ?? '';

/** Runs a store call, turning its refusals into the weave errors of §2.7. */
export async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof PreconditionFailed) throw weave.precondition(err.status, err.lastModified);
    if (err instanceof OverQuota) throw weave.overQuota();
    if (err instanceof UnknownBatch) throw weave.badRequest();
    // The token may still be valid, but its account is gone or its keys
    // replaced: a new token is what the client needs (sync.md §3.3).
    if (err instanceof RetiredUser) throw weave.unauthorized();
    if (err instanceof RangeError) throw weave.badRequest();
    throw err;
  }
}

/** A BSO as JSON, its timestamp with two decimals (§2.2). */
export function renderBso(bso: Bso): string {
  const sortindex = bso.sortindex === undefined ? '' : `,"sortindex":${bso.sortindex}`;
  return (
    `{"id":${JSON.stringify(bso.id)},"modified":${formatTimestamp(bso.modified)},` +
    `"payload":${JSON.stringify(bso.payload)}${sortindex}}`
  );
}

/** {"name": ts, ...} with two-decimal timestamps. */
export function renderTimestamps(map: Map<string, number>): string {
  const entries = [...map].map(([k, v]) => `${JSON.stringify(k)}:${formatTimestamp(v)}`);
  return `{${entries.join(',')}}`;
}
