// What the Sync storage stories share: a server with a known master secret,
// fresh users with their own tokens, and the assertions for the storage
// wire format (sync.md §2.6, §2.7).
import assert from 'node:assert/strict';
import { SyncClient, type SyncResponse } from '../client/sync.js';
import type { TestServer } from '../helpers/server.js';
import { merge, type Tree } from '../helpers/server.js';
import { useServer } from './support.js';

export const MASTER = 'a master secret for the storage stories';

/** A server for the suite, its Sync secret known, so tests mint their own tokens. */
export function useSyncServer(db: () => { url: string }, config: Tree = {}) {
  const server = useServer(db, merge({ sync: { masterSecret: MASTER } }, config));
  return {
    server,
    /** A client for a new user. */
    user: (opts: Parameters<typeof SyncClient.mint>[2] = {}): SyncClient =>
      SyncClient.mint(server().publicUrl, MASTER, opts),
  };
}

export type { TestServer };

const TWO_DECIMALS = /^\d+\.\d{2}$/;

/** X-Weave-Timestamp is on every storage response, two decimals, near now. */
export function assertWeaveTimestamp(res: SyncResponse): number {
  const header = res.headers.get('x-weave-timestamp');
  assert.ok(header !== null, 'X-Weave-Timestamp is present');
  assert.match(header, TWO_DECIMALS);
  assert.ok(Math.abs(Number(header) - Date.now() / 1000) < 60, `${header} is near now`);
  return Number(header);
}

/** A storage error: the status and the bare weave code as the whole body (§2.7). */
export function assertWeaveError(res: SyncResponse, status: number, code?: number): void {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
  if (code === undefined) assert.equal(res.text, '', 'no body');
  else assert.equal(res.text, String(code), 'the body is the bare weave code');
  assertWeaveTimestamp(res);
}

export function assertOk(res: SyncResponse, status = 200): void {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
  assertWeaveTimestamp(res);
}

/** X-Last-Modified in ms, checking its two decimals. */
export function lastModified(res: SyncResponse): number {
  const header = res.headers.get('x-last-modified');
  assert.ok(header !== null, 'X-Last-Modified is present');
  assert.match(header, TWO_DECIMALS);
  return Math.round(Number(header) * 1000);
}

/** A body timestamp as the server wrote it: a number with exactly two decimals. */
export function assertTwoDecimals(text: string, field?: string): void {
  const pattern = field ? new RegExp(`"${field}":(\\d+\\.\\d{2})[,}]`) : /^\d+\.\d{2}$/;
  assert.match(text, pattern, `two decimals in ${text.slice(0, 120)}`);
}

/** A JSON number in seconds from the body, as ms. */
export const ms = (seconds: number): number => Math.round(seconds * 1000);
