// The counter store for a single process. Each operation runs synchronously
// from start to end, with no await inside, so it is atomic on Node's one
// thread without any locking. Records that no longer matter (window ended,
// block over) are pruned on an unref()ed timer, so memory stays bounded by
// the keys seen within the longest window or block.

import type { ActiveBlock } from './customs.js';
import type { Blocked, CounterStore, Hit, IndexSelection, Listing } from './store.js';

interface Rec {
  /** Window start; absent when no window is running. */
  ws?: number;
  n: number;
  /** Blocked until; absent when never blocked. */
  bu?: number;
  rule?: string;
  listing?: Listing;
  /** The moment after which the record means nothing. */
  end: number;
}

const PRUNE_EVERY_MS = 60_000;

export class MemoryStore implements CounterStore {
  private readonly records = new Map<string, Rec>();
  /** Index id -> record id -> that record's end. */
  private readonly indexes = new Map<string, Map<string, number>>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly clock: () => number) {
    this.timer = setInterval(() => this.prune(this.clock()), PRUNE_EVERY_MS);
    this.timer.unref();
  }

  hit(bans: string[], hits: Hit[], now: number): Promise<Blocked | null> {
    let longest: Blocked | null = null;
    for (const id of [...bans, ...hits.map((h) => h.id)]) {
      const rec = this.records.get(id);
      if (rec?.bu !== undefined && rec.bu > now && (!longest || rec.bu > longest.until)) {
        longest = { until: rec.bu, rule: rec.rule ?? 'ban' };
      }
    }
    if (longest) return Promise.resolve(longest);

    for (const h of hits) {
      const rec = this.records.get(h.id) ?? { n: 0, end: 0 };
      if (rec.ws === undefined || now >= rec.ws + h.windowMs) {
        rec.ws = now;
        rec.n = 0;
      }
      rec.n += 1;
      if (rec.n > h.max) {
        rec.bu = now + h.blockMs;
        rec.rule = h.rule;
        rec.listing = h.listing;
        delete rec.ws;
        rec.n = 0;
        if (!longest || rec.bu > longest.until) longest = { until: rec.bu, rule: h.rule };
      }
      rec.end = Math.max(rec.ws === undefined ? 0 : rec.ws + h.windowMs, rec.bu ?? 0);
      this.records.set(h.id, rec);
      for (const ix of h.indexes) this.index(ix).set(h.id, rec.end);
    }
    return Promise.resolve(longest);
  }

  refund(ids: string[]): Promise<void> {
    for (const id of ids) {
      const rec = this.records.get(id);
      if (rec && rec.n > 0) rec.n -= 1;
    }
    return Promise.resolve();
  }

  clear(ids: string[], selections: IndexSelection[]): Promise<void> {
    for (const id of ids) this.records.delete(id);
    for (const { index, prefixes } of selections) {
      const members = this.indexes.get(index);
      if (!members) continue;
      for (const id of members.keys()) {
        if (prefixes && !prefixes.some((p) => id.startsWith(p))) continue;
        this.records.delete(id);
        members.delete(id);
      }
      if (members.size === 0) this.indexes.delete(index);
    }
    return Promise.resolve();
  }

  ban(id: string, listing: Listing, until: number): Promise<void> {
    this.records.set(id, { n: 0, bu: until, rule: 'ban', listing, end: until });
    return Promise.resolve();
  }

  list(now: number): Promise<ActiveBlock[]> {
    const blocks: ActiveBlock[] = [];
    for (const rec of this.records.values()) {
      if (rec.listing && rec.bu !== undefined && rec.bu > now) {
        blocks.push({ ...rec.listing, until: rec.bu });
      }
    }
    return Promise.resolve(blocks);
  }

  close(): Promise<void> {
    clearInterval(this.timer);
    return Promise.resolve();
  }

  /** Drops every record and index entry whose end has passed. */
  prune(now: number): void {
    for (const [id, rec] of this.records) if (rec.end <= now) this.records.delete(id);
    for (const [ix, members] of this.indexes) {
      for (const [id, end] of members) {
        if (end <= now || !this.records.has(id)) members.delete(id);
      }
      if (members.size === 0) this.indexes.delete(ix);
    }
  }

  /** How many records and indexes are held, for tests of pruning. */
  size(): { records: number; indexes: number } {
    return { records: this.records.size, indexes: this.indexes.size };
  }

  private index(id: string): Map<string, number> {
    let members = this.indexes.get(id);
    if (!members) {
      members = new Map();
      this.indexes.set(id, members);
    }
    return members;
  }
}
