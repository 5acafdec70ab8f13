// The counter store shared by every server process through Redis. Each
// operation is one Lua script (redis-scripts.ts), so it is atomic however
// many processes check at once.
//
// The client fails fast instead of queueing: with the offline queue off, a
// command while the connection is down is rejected at once, and the engine
// then fails open or closed as configured. Reconnection goes on in the
// background, so customs recovers by itself when Redis comes back. Only the
// first connection is waited for (up to the connect timeout), so the first
// requests after start-up are not refused just for arriving early.

import { Redis } from 'ioredis';
import type { Logger } from '../log.js';
import type { ActiveBlock } from './customs.js';
import { LogThrottle } from './log-throttle.js';
import { SCRIPTS, type ScriptCommands } from './redis-scripts.js';
import {
  EXPIRY_MARGIN_MS,
  type Blocked,
  type CounterStore,
  type Hit,
  type IndexSelection,
  type Listing,
} from './store.js';

export const DEFAULT_KEY_PREFIX = 'fxa:customs:';

const CONNECT_TIMEOUT_MS = 1000;
const COMMAND_TIMEOUT_MS = 1000;
const MAX_RECONNECT_DELAY_MS = 2000;

export interface RedisStoreOptions {
  url: string;
  keyPrefix: string;
  log: Logger;
  clock: () => number;
}

export class RedisStore implements CounterStore {
  private readonly client: Redis & ScriptCommands;
  private readonly prefix: string;
  private readonly log: Logger;
  private readonly throttle: LogThrottle;
  private firstConnection: Promise<void> | undefined;
  private ready = false;
  private closing = false;

  constructor(opts: RedisStoreOptions) {
    this.prefix = opts.keyPrefix;
    this.log = opts.log;
    this.throttle = new LogThrottle(opts.log, opts.clock);
    const client = new Redis(opts.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: CONNECT_TIMEOUT_MS,
      commandTimeout: COMMAND_TIMEOUT_MS,
      // Closing a connection that never opened otherwise holds the process for 2 s.
      disconnectTimeout: 200,
      retryStrategy: (times) => Math.min(times * 100, MAX_RECONNECT_DELAY_MS),
    });
    for (const [name, definition] of Object.entries(SCRIPTS))
      client.defineCommand(name, definition);
    this.client = client as Redis & ScriptCommands;
    // Without a listener, an 'error' event would crash the process.
    client.on('error', (err: Error) => {
      this.throttle.warn('connection', { err: err.message }, 'customs: redis connection error');
    });
    client.on('close', () => {
      if (this.ready && !this.closing) {
        this.throttle.warn('connection', {}, 'customs: redis connection lost');
      }
      this.ready = false;
    });
    client.on('ready', () => {
      this.ready = true;
      if (this.throttle.forget('connection')) this.log.info('customs: redis connection restored');
    });
    this.firstConnection = this.settleFirstConnection();
  }

  async hit(bans: string[], hits: Hit[], now: number): Promise<Blocked | null> {
    await this.connected();
    const plan = {
      bans: bans.map((id) => this.key(id)),
      hits: hits.map((h) => ({ ...h, id: this.key(h.id), indexes: h.indexes.map(this.key) })),
    };
    const reply = await this.client.customsHit(
      this.key('blocks'),
      JSON.stringify(plan),
      String(now),
      String(EXPIRY_MARGIN_MS),
    );
    const [until, rule] = reply;
    return until === undefined ? null : { until: Number(until), rule: rule ?? 'ban' };
  }

  async refund(ids: string[]): Promise<void> {
    await this.connected();
    await this.client.customsRefund(ids.length, ...ids.map(this.key));
  }

  async clear(ids: string[], indexes: IndexSelection[]): Promise<void> {
    await this.connected();
    const plan = {
      ids: ids.map(this.key),
      indexes: indexes.map((s) => ({
        index: this.key(s.index),
        ...(s.prefixes && { prefixes: s.prefixes.map(this.key) }),
      })),
    };
    await this.client.customsClear(this.key('blocks'), JSON.stringify(plan));
  }

  async ban(id: string, listing: Listing, until: number, now: number): Promise<void> {
    await this.connected();
    await this.client.customsBan(
      this.key('blocks'),
      this.key(id),
      String(until),
      listing.kind,
      listing.value,
      String(until - now + EXPIRY_MARGIN_MS),
      String(now),
    );
  }

  async list(now: number): Promise<ActiveBlock[]> {
    await this.connected();
    const flat = await this.client.customsList(this.key('blocks'), String(now));
    const blocks: ActiveBlock[] = [];
    for (let i = 0; i + 3 < flat.length; i += 4) {
      const [until, kind, value, reason] = flat.slice(i, i + 4) as [string, string, string, string];
      if (kind !== 'email' && kind !== 'ip') continue;
      blocks.push({ kind, value, reason, until: Number(until) });
    }
    return blocks;
  }

  async close(): Promise<void> {
    this.firstConnection = undefined;
    this.closing = true;
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

  private readonly key = (id: string): string => this.prefix + id;

  private async connected(): Promise<void> {
    if (this.firstConnection) await this.firstConnection;
  }

  /** Resolves once the first attempt to connect has succeeded or failed. */
  private settleFirstConnection(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.client.off('ready', done);
        this.client.off('close', done);
        this.firstConnection = undefined;
        resolve();
      };
      const timer = setTimeout(done, CONNECT_TIMEOUT_MS + 500);
      timer.unref();
      this.client.once('ready', done);
      this.client.once('close', done);
    });
  }
}
