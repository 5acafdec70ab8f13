// The customs module's front door: builds the configured Customs, memory
// for one process or Redis for several, and offers the always-allowing one
// for `customs.enabled = false`.

import type { Logger } from '../log.js';
import type { Metrics } from '../metrics/metrics.js';
import type { Customs, Rule } from './customs.js';
import { CustomsEngine } from './engine.js';
import { MemoryStore } from './memory-store.js';
import { DEFAULT_KEY_PREFIX, RedisStore } from './redis-store.js';

export { retryAfterLocalized } from './retry-after.js';
export { DEFAULT_KEY_PREFIX };

export interface CustomsOptions {
  rules: Rule[];
  /** Empty or absent: counters live in this process's memory. */
  redisUrl?: string;
  /** When the store cannot answer: allow the request (logged) or throw. */
  failOpen: boolean;
  clock: () => number;
  log: Logger;
  /** Prefix of every Redis key; tests use a random one to stay apart. */
  keyPrefix?: string;
  metrics?: Pick<Metrics, 'customsBlocked'>;
}

export function createCustoms(opts: CustomsOptions): Customs {
  const store = opts.redisUrl
    ? new RedisStore({
        url: opts.redisUrl,
        keyPrefix: opts.keyPrefix ?? DEFAULT_KEY_PREFIX,
        log: opts.log,
        clock: opts.clock,
      })
    : new MemoryStore(opts.clock);
  return new CustomsEngine({
    rules: opts.rules,
    store,
    failOpen: opts.failOpen,
    clock: opts.clock,
    log: opts.log,
    metrics: opts.metrics,
  });
}

/** Customs switched off: every check passes and there is nothing to list or lift. */
export const disabledCustoms: Customs = {
  check: () => Promise.resolve({ block: false }),
  passwordOk: () => Promise.resolve(),
  refund: () => Promise.resolve(),
  resetFailures: () => Promise.resolve(),
  passwordReset: () => Promise.resolve(),
  ban: () => Promise.reject(new Error('customs is disabled; a ban would have no effect')),
  unblock: () => Promise.resolve(),
  listBlocks: () => Promise.resolve([]),
  close: () => Promise.resolve(),
};
