// Hawk nonces already seen, so a signed request captured and sent again
// inside the timestamp window is refused (Hawk leaves nonce checking to the
// server; FxA skips it). `claim` records a key and says whether it was new,
// in one atomic step: of two copies of a request arriving together, exactly
// one wins.
//
// Keys are SHA-256 digests of (token id, nonce, ts), so neither store holds
// a token id. Each is kept for the time a copy could still pass Hawk's
// timestamp check, then forgotten.
//
// - MemoryNonces: one process. Entries expire in the order they were added
//   (every entry lives equally long), so expired ones are dropped from the
//   front of the Map as new ones arrive. It holds at most `maxEntries`
//   unexpired keys; past that it refuses to guess and throws NoncesFull
//   rather than forget a nonce early and let its replay through.
// - RedisNonces: every process sharing the Redis; `SET NX PX` is the atomic
//   check-and-set, and Redis expiry does the forgetting.
//
// Both cap how many nonces one token may have live (`perTokenMax`): without
// that, one signed-in client sending requests as fast as it can would fill
// the memory store and lock every other client out. Past the cap that token
// alone gets TokenNoncesExhausted (429 errno 114) until its window passes.
import { hash } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import { LogThrottle } from './log-throttle.js';

export interface NonceStore {
  /** Records the nonce; false when it was already recorded and has not expired. */
  claim(tokenId: string, nonce: string, ts: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** The memory store is full of nonces that have not expired yet. */
export class NoncesFull extends Error {
  constructor(readonly retryAfterSec: number) {
    super('too many recent Hawk nonces to remember another');
    this.name = 'NoncesFull';
  }
}

/** One token has used up its nonces for the window; others are unaffected. */
export class TokenNoncesExhausted extends Error {
  readonly tooMany = true;
  constructor(readonly retryAfterSec: number) {
    super('this token sent too many Hawk requests within the nonce window');
    this.name = 'TokenNoncesExhausted';
  }
}

// One-shot hash(): it skips the Hash object createHash builds, and every
// signed request takes two of these.
const digest = (tokenId: string, nonce: string, ts: string) =>
  hash('sha256', `${tokenId}\n${nonce}\n${ts}`, 'base64url');

/** Names a token in the stores without holding its id. */
const tokenDigest = (tokenId: string) => hash('sha256', `nonce-count\n${tokenId}`, 'base64url');

interface Seen {
  until: number;
  token: string;
}

export class MemoryNonces implements NonceStore {
  /** Key -> the moment it may be forgotten and its token, oldest first. */
  private readonly seen = new Map<string, Seen>();
  /** Token digest -> how many of its nonces are live. */
  private readonly perToken = new Map<string, number>();

  constructor(
    private readonly maxEntries: number,
    private readonly clock: () => number,
    private readonly perTokenMax = Infinity,
  ) {}

  claim(tokenId: string, nonce: string, ts: string, ttlMs: number): Promise<boolean> {
    const now = this.clock();
    this.forgetExpired(now);
    const key = digest(tokenId, nonce, ts);
    if (this.seen.has(key)) return Promise.resolve(false);
    const token = tokenDigest(tokenId);
    const live = this.perToken.get(token) ?? 0;
    if (live >= this.perTokenMax) {
      return Promise.reject(new TokenNoncesExhausted(this.waitFor(token, now)));
    }
    if (this.seen.size >= this.maxEntries) {
      const [oldest] = this.seen.values();
      const wait = Math.ceil(((oldest?.until ?? now) - now) / 1000);
      return Promise.reject(new NoncesFull(Math.max(1, wait)));
    }
    this.seen.set(key, { until: now + ttlMs, token });
    this.perToken.set(token, live + 1);
    return Promise.resolve(true);
  }

  close(): Promise<void> {
    this.seen.clear();
    this.perToken.clear();
    return Promise.resolve();
  }

  /** How many nonces are remembered, for tests of the bound. */
  get size(): number {
    return this.seen.size;
  }

  private forgetExpired(now: number): void {
    for (const [key, { until, token }] of this.seen) {
      if (until > now) return;
      this.seen.delete(key);
      const left = (this.perToken.get(token) ?? 1) - 1;
      if (left > 0) this.perToken.set(token, left);
      else this.perToken.delete(token);
    }
  }

  /** Seconds until the token's oldest live nonce expires. */
  private waitFor(token: string, now: number): number {
    for (const entry of this.seen.values()) {
      if (entry.token === token) return Math.max(1, Math.ceil((entry.until - now) / 1000));
    }
    return 1;
  }
}

const CONNECT_TIMEOUT_MS = 1000;
const COMMAND_TIMEOUT_MS = 1000;

export interface RedisNoncesOptions {
  url: string;
  keyPrefix: string;
  log: Logger;
  clock: () => number;
  perTokenMax?: number;
}

// The per-token count is a fixed window started by the token's first nonce:
// INCR, and on the first one PEXPIRE, in one script so a crash between the
// two cannot leave a counter that never expires.
const COUNT_SCRIPT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if n > tonumber(ARGV[2]) then return -redis.call('PTTL', KEYS[1]) end
return n`;

export class RedisNonces implements NonceStore {
  private readonly client: Redis;
  private readonly prefix: string;
  private readonly perTokenMax: number;
  private firstConnection: Promise<void> | undefined;

  constructor(opts: RedisNoncesOptions) {
    this.prefix = `${opts.keyPrefix}nonce:`;
    this.perTokenMax = opts.perTokenMax ?? Infinity;
    const throttle = new LogThrottle(opts.log, opts.clock);
    // Fail fast, as the customs counters do: a command while Redis is away
    // is rejected at once, and the caller fails open or closed.
    this.client = new Redis(opts.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: CONNECT_TIMEOUT_MS,
      commandTimeout: COMMAND_TIMEOUT_MS,
      disconnectTimeout: 200,
      retryStrategy: (times) => Math.min(times * 100, 2000),
    });
    this.client.on('error', (err: Error) => {
      throttle.warn('nonces', { err: err.message }, 'hawk nonces: redis connection error');
    });
    this.firstConnection = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.firstConnection = undefined;
        resolve();
      };
      const timer = setTimeout(done, CONNECT_TIMEOUT_MS + 500);
      timer.unref();
      this.client.once('ready', done);
      this.client.once('close', done);
    });
  }

  async claim(tokenId: string, nonce: string, ts: string, ttlMs: number): Promise<boolean> {
    if (this.firstConnection) await this.firstConnection;
    const px = Math.max(1, Math.ceil(ttlMs));
    if (Number.isFinite(this.perTokenMax)) {
      const countKey = `${this.prefix}count:${tokenDigest(tokenId)}`;
      const n = Number(await this.client.eval(COUNT_SCRIPT, 1, countKey, px, this.perTokenMax));
      if (n < 0) throw new TokenNoncesExhausted(Math.max(1, Math.ceil(-n / 1000)));
    }
    const key = this.prefix + digest(tokenId, nonce, ts);
    const reply = await this.client.set(key, '1', 'PX', px, 'NX');
    return reply === 'OK';
  }

  async close(): Promise<void> {
    this.firstConnection = undefined;
    if (this.client.status === 'ready') {
      try {
        await this.client.quit();
        return;
      } catch {
        // Falls through to a hard disconnect.
      }
    }
    this.client.disconnect();
  }
}

export interface NonceStoreOptions {
  /** Empty or absent: nonces live in this process's memory. */
  redisUrl?: string;
  keyPrefix: string;
  maxEntries: number;
  /** Live nonces one token may hold; past it, that token gets 429 errno 114. */
  perTokenMax: number;
  clock: () => number;
  log: Logger;
}

export function createNonceStore(opts: NonceStoreOptions): NonceStore {
  return opts.redisUrl
    ? new RedisNonces({
        url: opts.redisUrl,
        keyPrefix: opts.keyPrefix,
        log: opts.log,
        clock: opts.clock,
        perTokenMax: opts.perTokenMax,
      })
    : new MemoryNonces(opts.maxEntries, opts.clock, opts.perTokenMax);
}

/** A store that cannot answer: refused with 503 unless configured to fail open. */
export class NoncesUnavailable extends Error {
  readonly retryAfterSec = 30;
  constructor(cause: unknown) {
    super('hawk nonces: the store is unavailable', { cause });
    this.name = 'NoncesUnavailable';
  }
}

/**
 * The store as the Hawk scheme uses it: an unreachable Redis lets requests
 * through unchecked (logged, at most once per interval) when `failOpen`, as the
 * customs counters do, and is refused otherwise.
 */
export function guardedNonces(
  store: NonceStore,
  opts: { failOpen: boolean; log: Logger; clock: () => number },
): NonceStore {
  const throttle = new LogThrottle(opts.log, opts.clock);
  return {
    async claim(tokenId, nonce, ts, ttlMs) {
      try {
        return await store.claim(tokenId, nonce, ts, ttlMs);
      } catch (err) {
        if (err instanceof NoncesFull || err instanceof TokenNoncesExhausted) throw err;
        if (!opts.failOpen) throw new NoncesUnavailable(err);
        throttle.warn('claim', { err }, 'hawk nonces: store unavailable, request not checked');
        return true;
      }
    },
    close: () => store.close(),
  };
}
