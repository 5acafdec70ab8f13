// Baseline for login throughput: the server's own scryptOnce (N=65536, r=8,
// p=1, 64 MiB) and nothing else, kept `concurrency` hashes in flight for a
// fixed window, in a process forked exactly like the server (same flags,
// same environment, so the same libuv thread pool).
import { randomBytes } from 'node:crypto';
import { scryptOnce } from '../../src/crypto/scrypt.js';
import { announceReady, serveRequests, type Request } from '../lib/ipc.js';

export interface ScryptRun {
  /** Hashes completed inside the measurement window. */
  ops: number;
  seconds: number;
  opsPerSec: number;
}

async function run(request: Request): Promise<ScryptRun> {
  const concurrency = Number(request.concurrency);
  const warmupMs = Number(request.warmupMs);
  const measureMs = Number(request.measureMs);
  const start = performance.now();
  const from = start + warmupMs;
  const until = from + measureMs;
  let ops = 0;

  // One lane per in-flight hash, like one client connection per login.
  async function lane(): Promise<void> {
    while (performance.now() < until) {
      await scryptOnce(randomBytes(32), randomBytes(32));
      const done = performance.now();
      if (done >= from && done <= until) ops++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { ops, seconds: measureMs / 1000, opsPerSec: ops / (measureMs / 1000) };
}

serveRequests({ run }, () => Promise.resolve());
announceReady({ pid: process.pid });
