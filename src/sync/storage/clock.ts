// Sync timestamps (sync.md §2.8): milliseconds truncated to 10 ms, shown as
// seconds with exactly two decimals, and strictly increasing per user. When
// the clock has not moved past a user's last write, the next write waits for
// the next tick rather than answering 503: Firefox backs off for a while on
// any 503, and the wait is at most 10 ms.

const TICK_MS = 10;
// A clock that stepped back further than this (another process's clock, an
// NTP correction) is not waited out: the write takes the tick after the last.
const LONGEST_WAIT_MS = 1000;

export const tick = (ms: number): number => ms - (ms % TICK_MS);

/** 1764612345120 -> "1764612345.12". */
export function formatTimestamp(ms: number): string {
  const hundredths = Math.floor(ms / TICK_MS);
  const whole = Math.floor(hundredths / 100);
  const frac = hundredths % 100;
  return `${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

/** "1764612345.12" (or any non-negative decimal) -> ms, truncated to the tick; undefined when malformed. */
export function parseTimestamp(text: string): number | undefined {
  if (!/^\d{1,12}(\.\d*)?$/.test(text)) return undefined;
  const [whole = '0', frac = ''] = text.split('.');
  return tick(Number(whole) * 1000 + Number((frac + '000').slice(0, 3)));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The first tick of `clock` after `last`, waiting for it when it is near. */
export async function nextTick(clock: () => number, last: number): Promise<number> {
  for (;;) {
    const ts = tick(clock());
    if (ts > last) return ts;
    if (last - ts >= LONGEST_WAIT_MS) return last + TICK_MS;
    await sleep(last + TICK_MS - clock() + 1);
  }
}

/**
 * The first tick after `last` without waiting: now's tick when the clock
 * has passed `last`, else the tick after it. For inside a transaction,
 * where a wait would hold the database's locks through it.
 */
export function tickAfter(clock: () => number, last: number): number {
  const ts = tick(clock());
  return ts > last ? ts : last + TICK_MS;
}

/**
 * Runs one task at a time per key, in arrival order: one process's writes
 * of one user never race each other for the same database lock.
 */
export class KeyedQueue<K> {
  private readonly tails = new Map<K, Promise<unknown>>();

  run<T>(key: K, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    // The entry goes once nothing is queued behind this task.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
