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

import type { Driver } from './driver.js';

/** How many values each cache keeps; past it the oldest go first. */
const DEFAULT_MAX_ENTRIES = 10_000;

export class ReadCache<V> {
  private stamp: number | undefined;
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly db: Pick<Driver, 'readStamp'>,
    private readonly maxEntries = DEFAULT_MAX_ENTRIES,
  ) {}

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
      this.stamp = stamp;
    } else {
      const hit = this.entries.get(id);
      if (hit !== undefined) return hit;
    }
    const value = await load();
    if (value !== undefined && this.stamp === stamp) this.remember(id, value);
    return value;
  }

  private remember(id: string, value: V): void {
    if (this.entries.size >= this.maxEntries && !this.entries.has(id)) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    this.entries.set(id, value);
  }
}
