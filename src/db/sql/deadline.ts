// Bounds on how long the server waits for its database. A database that is
// down refuses connections at once, but one that is frozen (a stopped
// process, a network partition, a lock held by a stuck client) keeps its
// sockets open and simply never answers; without a bound, every request
// that touches it would wait as long as the freeze lasts.

/** How long to wait, in ms; 0 turns a bound off. */
export interface DatabaseTimeouts {
  /** One operation: a lone statement or a whole transaction, with getting its connection. */
  queryMs: number;
  /** MySQL: opening one connection. */
  connectMs: number;
}

export const DEFAULT_TIMEOUTS: DatabaseTimeouts = { queryMs: 5000, connectMs: 3000 };

/** The operation outlasted its bound; a StoreUnavailableError carries it as its cause. */
export class DeadlineError extends Error {
  readonly code = 'ETIMEDOUT';

  constructor(ms: number) {
    super(`the database did not answer within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * Settles as `work` does, or rejects with DeadlineError once `ms` have
 * passed, first calling `abandon` so the caller can let go of whatever the
 * work holds (a connection that would otherwise stay stuck behind it).
 */
export function within<T>(ms: number, work: Promise<T>, abandon: () => void): Promise<T> {
  if (ms <= 0) return work;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      abandon();
      reject(new DeadlineError(ms));
    }, ms);
  });
  // race() listens to `work` too, so its late failure is never unhandled.
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
