// Which of Sync's error shapes a response under its prefixes is rendered
// in, for the few that no Sync route renders itself: hapi refuses a URL it
// cannot decode before routing it, so such a request reaches only the
// server-wide onPreResponse. The prefix alone then decides: /token speaks
// the tokenserver's shape (sync.md §1.2), /sync storage's bare weave code
// (§2.7), and neither ever gets the FxA body.
import { STATUS_CODES } from 'node:http';
import type { Logger } from '../log.js';
import { formatTimestamp, tick } from './storage/clock.js';
import { weaveResponse } from './storage/weave.js';
import { corniceResponse } from './tokenserver/errors.js';
import { TOKENSERVER_PREFIX } from './tokenserver/routes.js';

/** Where the storage routes live: everything under it is storage's to answer. */
export const SYNC_PREFIX = '/sync';

type Shape = ReturnType<typeof corniceResponse> | ReturnType<typeof weaveResponse>;

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

export function syncErrorShapes(d: {
  log: Logger;
  clock: () => number;
  storeRetryAfterSec: number;
}): (path: string) => Shape | undefined {
  const tokenserver = corniceResponse(d.log);
  const storage = weaveResponse(d);
  return (path) => {
    if (under(path, TOKENSERVER_PREFIX)) return tokenserver;
    if (under(path, SYNC_PREFIX)) return storage;
    return undefined;
  };
}

/**
 * The body and headers of an error that Node answers on its own (a body
 * too slow to arrive), for a request under a Sync prefix.
 */
export function syncClientError(clock: () => number) {
  return (
    path: string,
    status: number,
  ): { body: string; headers: Record<string, string> } | undefined => {
    if (under(path, TOKENSERVER_PREFIX)) {
      const description = STATUS_CODES[status] ?? 'Error';
      const errors = [{ location: 'body', name: '', description }];
      return {
        body: JSON.stringify({ status: 'error', errors }),
        headers: { 'X-Content-Type-Options': 'nosniff' },
      };
    }
    if (under(path, SYNC_PREFIX)) {
      return { body: '0', headers: { 'X-Weave-Timestamp': formatTimestamp(tick(clock())) } };
    }
    return undefined;
  };
}
