// Expired key fetch, reset, forgot and change tokens, device commands, OAuth
// codes and access tokens, and refresh tokens unused for too long are
// useless but still rows; a timer deletes them. The delete is idempotent, so
// every server process can run its own timer against one shared database
// without coordination.
import type { Store, TokenType } from './store.js';
import type { Logger } from '../log.js';

const PRUNED: TokenType[] = [
  'keyFetchToken',
  'accountResetToken',
  'passwordForgotToken',
  'passwordChangeToken',
];

export function startTokenPruner(opts: {
  store: Pick<Store, 'pruneTokens' | 'devices' | 'oauth'>;
  lifetimes: Record<TokenType, number>;
  /** Refresh tokens unused this long go; 0 keeps them. */
  refreshTokenUnusedMs: number;
  intervalMs: number;
  clock: () => number;
  log: Logger;
}): { prune(): Promise<number>; stop(): void } {
  async function prune(): Promise<number> {
    const now = opts.clock();
    const cutoffs: Partial<Record<TokenType, number>> = {};
    for (const type of PRUNED) {
      if (opts.lifetimes[type] > 0) cutoffs[type] = now - opts.lifetimes[type];
    }
    const deleted =
      (await opts.store.pruneTokens(cutoffs)) +
      (await opts.store.devices.pruneCommands(now)) +
      (await opts.store.oauth.pruneExpired(
        now,
        refreshUnusedBefore(opts.refreshTokenUnusedMs, now),
      ));
    if (deleted > 0) opts.log.info({ deleted }, 'pruned expired tokens');
    return deleted;
  }

  const timer =
    opts.intervalMs > 0
      ? setInterval(() => {
          prune().catch((err: unknown) => opts.log.error({ err }, 'token prune failed'));
        }, opts.intervalMs)
      : undefined;
  // The timer alone must not keep the process alive at shutdown.
  timer?.unref();
  return { prune, stop: () => clearInterval(timer) };
}

/** The lastUsedAt before which a refresh token has expired; 0 (none) when they never do. */
export function refreshUnusedBefore(unusedMs: number, now: number): number {
  return unusedMs > 0 ? now - unusedMs : 0;
}
