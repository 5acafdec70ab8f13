// Reads that signed-in requests make over and over (a session's summary,
// an account's devices, an access token's profile) are remembered for as
// long as the database stays unchanged, by the driver's readStamp. Any
// commit, by this process or another, moves the stamp, and the next read
// finds everything forgotten; so a destroyed session, a password change or
// a reset refuses the very next request, as it does without the cache.
//
// A read is remembered under the stamp taken before it ran. If a commit
// lands while it runs, the value may be newer than that stamp, but the
// stamp has moved too, so the value is never served: the next read sees
// the new stamp and clears the map first.
//
// Only what was found is kept: a miss costs a read, as it always did, and
// a client trying random token ids cannot crowd out the real ones. Values
// are shared between requests, so callers must not change them.

import type { ReadCacheCounts } from '../store.js';
import type { Driver } from './driver.js';

export interface ReadCacheLimits<V> {
  /** How many values it keeps; past it the oldest go first. */
  maxEntries?: number;
  /** About how many bytes its values may hold in all, by `sizeOf`. */
  maxBytes?: number;
  /** About how many bytes one value holds; a value past maxBytes is not kept. */
  sizeOf?: (value: V) => number;
}

const DEFAULTS = { maxEntries: 10_000, maxBytes: 16 * 1024 * 1024 };
// A session summary or a profile row: a few Buffers and short strings.
const SMALL_VALUE_BYTES = 512;

export class ReadCache<V> {
  private stamp: number | undefined;
  private readonly entries = new Map<string, { value: V; size: number }>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly sizeOf: (value: V) => number;

  constructor(
    private readonly db: Pick<Driver, 'readStamp'>,
    limits: ReadCacheLimits<V> = {},
  ) {
    this.maxEntries = limits.maxEntries ?? DEFAULTS.maxEntries;
    this.maxBytes = limits.maxBytes ?? DEFAULTS.maxBytes;
    this.sizeOf = limits.sizeOf ?? (() => SMALL_VALUE_BYTES);
  }

  /** The value under `key` while the database is unchanged, else `load()`'s. */
  read(key: Buffer, load: () => Promise<V | undefined>): Promise<V | undefined> {
    const stamp = this.db.readStamp?.();
    // Not async itself: where nothing may be remembered (MySQL), the read
    // costs no promise beyond load()'s own.
    return stamp === undefined ? load() : this.readUnder(stamp, key.toString('latin1'), load);
  }

  private async readUnder(
    stamp: number,
    id: string,
    load: () => Promise<V | undefined>,
  ): Promise<V | undefined> {
    if (stamp !== this.stamp) {
      this.entries.clear();
      this.bytes = 0;
      this.stamp = stamp;
    } else {
      const hit = this.entries.get(id);
      if (hit !== undefined) {
        this.hits++;
        return hit.value;
      }
    }
    this.misses++;
    const value = await load();
    if (value !== undefined && this.stamp === stamp) this.remember(id, value);
    return value;
  }

  /** Reads where nothing may be remembered (MySQL) count as neither. */
  counts(): ReadCacheCounts {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size };
  }

  private remember(id: string, value: V): void {
    const size = this.sizeOf(value);
    if (size > this.maxBytes || this.entries.has(id)) return;
    for (const [oldest, entry] of this.entries) {
      if (this.entries.size < this.maxEntries && this.bytes + size <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.size;
    }
    this.entries.set(id, { value, size });
    this.bytes += size;
  }
}
