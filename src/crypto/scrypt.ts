// scrypt is the one expensive step of the protocol: 64 MiB and ~100 ms of CPU
// per hash. Node's async crypto.scrypt runs it on the libuv thread pool, so
// the event loop keeps serving while hashes run. A counter bounds the hashes
// in flight: past `maxPending` the caller is told to shed load instead of
// queueing without limit (and growing memory with every queued request).
import { scrypt as scryptCb } from 'node:crypto';

/** onepw verifierVersion 1 (api-v1.md §3.3). */
export const SCRYPT_PARAMS = { N: 65536, r: 8, p: 1, keyLength: 32 } as const;

// Node's default maxmem (32 MiB) is below the 64 MiB that N=65536, r=8 needs.
const MAXMEM = 128 * SCRYPT_PARAMS.N * SCRYPT_PARAMS.r * 2;

export class ScryptBusyError extends Error {
  constructor() {
    super('too many password hashes in flight');
    this.name = 'ScryptBusyError';
  }
}

export function scryptOnce(password: Buffer, salt: Buffer): Promise<Buffer> {
  const { N, r, p, keyLength } = SCRYPT_PARAMS;
  return new Promise((resolve, reject) => {
    scryptCb(password, salt, keyLength, { N, r, p, maxmem: MAXMEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export class BoundedScrypt {
  private pending = 0;

  /** `onShed` hears of each hash refused, for the metrics. */
  constructor(
    readonly maxPending: number,
    private readonly onShed: () => void = () => {},
  ) {}

  get inFlight(): number {
    return this.pending;
  }

  /** Hashes, or throws ScryptBusyError at once when maxPending are in flight. */
  async hash(password: Buffer, salt: Buffer): Promise<Buffer> {
    if (this.pending >= this.maxPending) {
      this.onShed();
      throw new ScryptBusyError();
    }
    this.pending++;
    try {
      return await scryptOnce(password, salt);
    } finally {
      this.pending--;
    }
  }
}
