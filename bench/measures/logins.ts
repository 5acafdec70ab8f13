// Items 1 and 5: login and sign-up throughput at saturation, each against a
// baseline from the same run.
//
// Login efficiency compares logins per second with bare scrypt operations
// per second at the same concurrency, each in its own process forked the
// same way (same flags and environment, so the same libuv thread pool), and
// both counted the same way: completions inside a window after a warm-up.
// The windows alternate, scrypt-login-login-scrypt, so a change in what else
// the machine is doing weighs on both sides alike. A login does one scrypt
// plus HTTP, joi, one account read, HKDF and two token inserts, so the ratio
// is the share of its capacity the server keeps for the unavoidable hash.
import { forkChild } from '../lib/child.js';
import { meterOthers, waitQuiet } from '../lib/others.js';
import { mergeLoads, runLoad, type LoadResult } from '../lib/load.js';
import { loginRequests, signupRequests, type BenchAccount } from '../lib/requests.js';
import { fmt, median, percentile, ratio } from '../lib/stats.js';
import type { Row } from '../lib/table.js';
import type { BenchContext, RunningServer } from '../lib/context.js';
import type { ScryptRun } from '../baselines/bare-scrypt.js';

export const LOGIN_EFFICIENCY_TARGET = 0.9;

// Enough for the first hashes of a window to finish and the pool to be full.
const SCRYPT_WARMUP_MS = 1000;

export interface Efficiency {
  logins: LoadResult;
  scrypt: ScryptRun;
  /** Per-window rates in the order they ran: scrypt, login, login, scrypt. */
  windows: number[];
  /** Cores the rest of the machine used in each of those windows. */
  othersCores: number[];
}

export async function loginEfficiency(
  ctx: BenchContext,
  server: RunningServer,
  accounts: readonly BenchAccount[],
): Promise<Efficiency> {
  const child = await forkChild<{ pid: number }>('baselines/bare-scrypt.ts', []);
  const half = { ...ctx, measureMs: ctx.measureMs / 2 };
  const scryptWindow = async () => {
    ctx.progress(`bare scrypt: ${ctx.concurrency} in flight`);
    await waitQuiet();
    const meter = meterOthers();
    const run = await child.request<ScryptRun>('run', {
      concurrency: ctx.concurrency,
      warmupMs: SCRYPT_WARMUP_MS,
      measureMs: half.measureMs,
    });
    return { ...run, othersCores: meter.stop() };
  };
  const loginWindow = () => {
    ctx.progress(`logins at saturation: ${ctx.concurrency} in flight`);
    return loginLoad(half, server, accounts);
  };
  try {
    const a1 = await scryptWindow();
    const b1 = await loginWindow();
    const b2 = await loginWindow();
    const a2 = await scryptWindow();
    const ops = a1.ops + a2.ops;
    const seconds = a1.seconds + a2.seconds;
    return {
      logins: mergeLoads([b1, b2]),
      scrypt: { ops, seconds, opsPerSec: ops / seconds },
      windows: [a1.opsPerSec, b1.okPerSec, b2.okPerSec, a2.opsPerSec],
      othersCores: [a1.othersCores, b1.othersCores, b2.othersCores, a2.othersCores],
    };
  } finally {
    await child.stop();
  }
}

export async function loginLoad(
  ctx: BenchContext,
  server: RunningServer,
  accounts: readonly BenchAccount[],
  extra: { onWindowStart?: () => void } = {},
): Promise<LoadResult> {
  return runLoad({
    origin: server.origin,
    connections: ctx.concurrency,
    warmupMs: ctx.warmupMs,
    measureMs: ctx.measureMs,
    // A login waits behind up to `concurrency` hashes on a busy machine.
    timeoutSec: 30,
    build: loginRequests(accounts),
    ...extra,
  });
}

/** Answers other than 200 in a run that should have none, as "n × status". */
export function unexpected(result: LoadResult): string {
  const other = Object.entries(result.kinds).filter(([kind]) => kind !== '200');
  const lost = result.errors + result.timeouts;
  const parts = other.map(([kind, n]) => `${n} × ${kind}`);
  if (lost > 0) parts.push(`${lost} × no answer`);
  return parts.join(', ');
}

export function loginEfficiencyRow(ctx: BenchContext, store: string, e: Efficiency): Row {
  const { logins, scrypt } = e;
  const r = ratio(logins.okPerSec, scrypt.opsPerSec);
  const bad = unexpected(logins);
  return {
    item: 1,
    measure: `Login efficiency: logins/s at saturation (${ctx.concurrency} in flight, ${store})`,
    value: `${fmt(logins.okPerSec, 2)}/s${bad ? ` (${bad})` : ''}`,
    baseline: `bare scrypt ${fmt(scrypt.opsPerSec, 2)}/s`,
    ratio: fmt(r, 3),
    target: `≥ ${LOGIN_EFFICIENCY_TARGET}`,
    met: r >= LOGIN_EFFICIENCY_TARGET && bad === '',
    others: Math.max(...e.othersCores),
    data: {
      loginsPerSec: logins.okPerSec,
      logins: logins.ok,
      scryptOpsPerSec: scrypt.opsPerSec,
      scryptOps: scrypt.ops,
      seconds: logins.seconds,
      windowRates: e.windows,
      othersCoresPerWindow: e.othersCores,
      loginLatencyMs: { p50: median(logins.latencies), p99: percentile(logins.latencies, 0.99) },
      kinds: logins.kinds,
      errors: logins.errors,
      timeouts: logins.timeouts,
    },
  };
}

export async function signupLoad(ctx: BenchContext, server: RunningServer): Promise<LoadResult> {
  ctx.progress(`sign-ups at saturation (${ctx.concurrency} in flight)`);
  return runLoad({
    origin: server.origin,
    connections: ctx.concurrency,
    warmupMs: ctx.warmupMs,
    measureMs: ctx.measureMs,
    timeoutSec: 30,
    build: signupRequests(ctx.tag),
  });
}

export function signupRow(ctx: BenchContext, signups: LoadResult, logins: LoadResult): Row {
  const bad = unexpected(signups);
  return {
    item: 5,
    measure: `Sign-up cost: account creations/s (${ctx.concurrency} in flight)`,
    value: `${fmt(signups.okPerSec, 2)}/s${bad ? ` (${bad})` : ''}`,
    baseline: `logins ${fmt(logins.okPerSec, 2)}/s`,
    ratio: fmt(ratio(signups.okPerSec, logins.okPerSec), 3),
    target: '—',
    met: null,
    others: Math.max(signups.othersCores, logins.othersCores),
    data: {
      signupsPerSec: signups.okPerSec,
      signups: signups.ok,
      loginsPerSec: logins.okPerSec,
      kinds: signups.kinds,
      errors: signups.errors,
      timeouts: signups.timeouts,
    },
  };
}
