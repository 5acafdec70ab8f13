// Item 4: Hawk-authenticated reads per second, against a bare hapi route.
//
// Both sides get the same connections and window, and the same request
// bytes: the bare route is sent a Hawk header too (and ignores it). It runs
// in a process forked the same way, with the server options of src/server.ts
// and one handler returning the same JSON shape, so the ratio is what Hawk,
// the token lookup and the server's own extensions cost.
//
// The client must sign every request to the real server (a replayed header
// could be refused), and on a small machine that client can run out of CPU
// before the bare route does. The bare route
// therefore gets one header signed up front and sent every time, which is
// what lets it run at full speed. Each side's CPU use over the window is
// recorded: a side well under one core was still held back by the client, and
// requests per server CPU-second, the fair figure either way, is given too.
import { forkChild } from '../lib/child.js';
import { runLoad, type BuiltRequest, type LoadResult } from '../lib/load.js';
import { sessionStatusRequests, type BenchAccount } from '../lib/requests.js';
import { cpuSeconds, hasProc } from '../lib/rss.js';
import { fmt, ratio } from '../lib/stats.js';
import { unexpected } from './logins.js';
import type { Row } from '../lib/table.js';
import type { BenchContext } from '../lib/context.js';
import type { ServerInfo } from '../server.js';

export interface ReadRun {
  load: LoadResult;
  /** CPU seconds per wall second the server used in the window (1 = one core). */
  cpuCores: number;
}

/** Closed-loop load on `target` with the read settings of ctx, and the CPU it used meanwhile. */
export async function reads(
  ctx: BenchContext,
  target: { origin: string; pid: number },
  build: () => BuiltRequest,
  onWindowStart?: () => void,
): Promise<ReadRun> {
  const proc = hasProc(target.pid);
  let cpu: { start: number; end?: number } | undefined;
  let endTimer: NodeJS.Timeout | undefined;
  const load = await runLoad({
    origin: target.origin,
    connections: ctx.readConnections,
    warmupMs: ctx.warmupMs,
    measureMs: ctx.measureMs,
    build,
    onWindowStart: () => {
      onWindowStart?.();
      if (!proc) return;
      const window: { start: number; end?: number } = { start: cpuSeconds(target.pid) };
      cpu = window;
      endTimer = setTimeout(() => {
        window.end = cpuSeconds(target.pid);
      }, ctx.measureMs);
    },
  });
  clearTimeout(endTimer);
  const cpuCores =
    cpu?.end !== undefined ? (cpu.end - cpu.start) / (ctx.measureMs / 1000) : Number.NaN;
  return { load, cpuCores };
}

export function serverReads(
  ctx: BenchContext,
  server: { origin: string; publicUrl: string; child: { pid: number } },
  accounts: readonly BenchAccount[],
  onWindowStart?: () => void,
): Promise<ReadRun> {
  const build = sessionStatusRequests(server.publicUrl, accounts);
  return reads(ctx, { origin: server.origin, pid: server.child.pid }, build, onWindowStart);
}

export async function bareHapiReads(
  ctx: BenchContext,
  accounts: readonly BenchAccount[],
): Promise<ReadRun> {
  ctx.progress('bare hapi route: reads at saturation');
  const child = await forkChild<ServerInfo>('baselines/bare-hapi.ts', []);
  try {
    const signedOnce = sessionStatusRequests(child.info.publicUrl, accounts)();
    return await reads(ctx, { origin: child.info.origin, pid: child.pid }, () => signedOnce);
  } finally {
    await child.stop();
  }
}

/** Requests answered per CPU-second the server used: its capacity on one core. */
const perCpuSecond = (run: ReadRun) => run.load.okPerSec / run.cpuCores;

export function readsRow(ctx: BenchContext, store: string, hawk: ReadRun, bare: ReadRun): Row {
  const bad = unexpected(hawk.load);
  const raw = ratio(hawk.load.okPerSec, bare.load.okPerSec);
  const perCpu = ratio(perCpuSecond(hawk), perCpuSecond(bare));
  const measured = (run: ReadRun) =>
    `${fmt(run.load.okPerSec, 0)}/s at ${fmt(run.cpuCores, 2)} cores`;
  return {
    item: 4,
    measure: `Hawk GET /v1/session/status req/s (${store}, ${ctx.readConnections} connections)`,
    value: `${measured(hawk)}${bad ? ` (${bad})` : ''}`,
    baseline: `bare hapi route ${measured(bare)}`,
    ratio: Number.isFinite(perCpu)
      ? `${fmt(perCpu, 3)} per CPU-s (raw ${fmt(raw, 3)})`
      : fmt(raw, 3),
    target: '—',
    met: null,
    others: Math.max(hawk.load.othersCores, bare.load.othersCores),
    data: {
      store,
      hawkPerSec: hawk.load.okPerSec,
      barePerSec: bare.load.okPerSec,
      serverCpuCores: hawk.cpuCores,
      bareCpuCores: bare.cpuCores,
      ratioPerSec: raw,
      ratioPerCpuSecond: perCpu,
      kinds: hawk.load.kinds,
      errors: hawk.load.errors,
    },
  };
}
