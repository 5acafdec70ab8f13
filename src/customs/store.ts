// The counter store behind the customs engine. The engine decides *what* to
// count (which rules apply, under which ids); a store keeps the records and
// performs each operation as one atomic step, so that concurrent checks
// cannot both see a counter under its limit.
//
// A record is identified by a string id and holds a fixed window (start and
// count) and a block (blocked until, and the rule that set it). An operator's
// ban is a record with only a block. Ids are logical names: the Redis store
// puts its key prefix in front, the memory store uses them as they are.
//
// Two kinds of secondary structure keep operator actions cheap:
// - listing: a record whose key is an email or an ip carries what
//   `listBlocks` shows for it, so blocks can be listed without parsing ids;
// - indexes: a record keyed by an email, an ip or both is registered in the
//   index of each (`ix:email:<address>`, `ix:ip:<address>`), so unblocking
//   or resetting an address finds its ip_email records without a scan.
//
// Every time is epoch ms from the engine's clock, never the store's own.

import type { ActiveBlock } from './customs.js';

/** What `listBlocks` reports for a record while it is blocked. */
export interface Listing {
  kind: 'email' | 'ip';
  value: string;
  reason: string;
}

/** One rule counting one key value. */
export interface Hit {
  id: string;
  rule: string;
  max: number;
  windowMs: number;
  blockMs: number;
  listing?: Listing;
  /** Index ids the record is registered under. */
  indexes: string[];
}

/** The block that stops a request: its end and the rule (or `ban`) behind it. */
export interface Blocked {
  until: number;
  rule: string;
}

/** Records to clear through an index; `prefixes` limits it to ids that start with one. */
export interface IndexSelection {
  index: string;
  prefixes?: string[];
}

export interface CounterStore {
  /**
   * In one atomic step: if any of the `bans` records or the hits' own records
   * is blocked at `now`, returns the block that lasts longest and counts
   * nothing. Otherwise counts every hit in its fixed window, blocks each
   * record whose count now exceeds its max (clearing its count), and returns
   * the longest new block, or null when every count stays within its max.
   */
  hit(bans: string[], hits: Hit[], now: number): Promise<Blocked | null>;
  /** Takes one off each record's count, never below zero. */
  refund(ids: string[]): Promise<void>;
  /** Deletes the records `ids` and the records the selected indexes name. */
  clear(ids: string[], indexes: IndexSelection[]): Promise<void>;
  /** Sets (or replaces) a ban record blocking until `until`. */
  ban(id: string, listing: Listing, until: number, now: number): Promise<void>;
  /** Every listed record blocked at `now`. */
  list(now: number): Promise<ActiveBlock[]>;
  close(): Promise<void>;
}

/** How long past its last relevant moment a Redis key lives, in real time. */
export const EXPIRY_MARGIN_MS = 60_000;
