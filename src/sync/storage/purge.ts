// Expired BSOs (ttl) and lapsed batches are invisible to every read already;
// a timer deletes their rows so they stop taking space. The delete is
// idempotent and works in chunks, so every server process can run its own
// timer against one shared database.
import type { Logger } from '../../log.js';
import type { SyncStore } from './store.js';

export function startSyncPurge(opts: {
  store: Pick<SyncStore, 'purgeExpired'>;
  intervalMs: number;
  clock: () => number;
  log: Logger;
}): { purge(): Promise<number>; stop(): void } {
  async function purge(): Promise<number> {
    const deleted = await opts.store.purgeExpired(opts.clock());
    if (deleted > 0) opts.log.info({ deleted }, 'purged expired Sync records');
    return deleted;
  }
  let running: Promise<unknown> | undefined;
  const timer =
    opts.intervalMs > 0
      ? setInterval(() => {
          // A purge that outlasts the interval is not started twice.
          running ??= purge()
            .catch((err: unknown) => opts.log.error({ err }, 'Sync purge failed'))
            .finally(() => (running = undefined));
        }, opts.intervalMs)
      : undefined;
  // The timer alone must not keep the process alive at shutdown.
  timer?.unref();
  return { purge, stop: () => clearInterval(timer) };
}
