// Item 3: logins offered at 20× the capacity item 1 measured, open-loop, for
// 20 s. Every answer is classified (200; 503 errno 201 with Retry-After, the
// clean refusal; anything else), the server's RSS is sampled every 100 ms and
// its kernel peak (VmHWM) read at the end, and once the load stops, one login
// at a time checks how long the server takes to log in as fast as when idle.
import { send, type Answer } from '../lib/http.js';
import { NO_ANSWER, openLoop, type OpenLoopResult } from '../lib/open-loop.js';
import { loginRequests, type BenchAccount } from '../lib/requests.js';
import { meterOthers, waitQuiet } from '../lib/others.js';
import { hasProc, peakRssMiB, resetPeakRss, rssMiB, sampleRss } from '../lib/rss.js';
import { fmt, median, nowMs, percent, ratio, sleep } from '../lib/stats.js';
import type { Row } from '../lib/table.js';
import type { BenchContext, RunningServer } from '../lib/context.js';
import type { ServerStats } from '../server.js';

export const OVERLOAD_FACTOR = 20;
const SCRYPT_MIB = 64;
const RSS_SLACK_MIB = 200;
/** "Normal" is a login within this factor of the idle login time. */
const NORMAL_FACTOR = 2;
const RECOVERY_LIMIT_MS = 30_000;

const SHED = '503 errno 201 + Retry-After';
const OK = '200';

function classify(a: Answer): string {
  if (a.status === 200) return OK;
  if (a.status === 503 && a.headers['retry-after']) {
    try {
      if ((JSON.parse(a.body) as { errno?: number }).errno === 201) return SHED;
    } catch {
      // not the server's error body: counted under its status below
    }
  }
  return String(a.status);
}

async function timedLogin(origin: string, build: ReturnType<typeof loginRequests>) {
  const start = nowMs();
  const answer = await send(origin, build(), { agent: false });
  return { ok: answer.status === 200, ms: nowMs() - start };
}

export interface OverloadResult {
  run: OpenLoopResult;
  offeredPerSec: number;
  capacityPerSec: number;
  idleLoginMs: number;
  peakRssMiB: number;
  rssBoundMiB: number;
  rssTimeline: Array<[number, number]>;
  /** ms from the end of the load to the first login as fast as idle; NaN if none came. */
  recoveryMs: number;
  othersCores: number;
}

export async function overload(
  ctx: BenchContext,
  server: RunningServer,
  accounts: readonly BenchAccount[],
  capacityPerSec: number,
): Promise<OverloadResult> {
  const build = loginRequests(accounts);
  await waitQuiet();
  const idle: number[] = [];
  for (let i = 0; i < 5; i++) idle.push((await timedLogin(server.origin, build)).ms);
  const idleLoginMs = median(idle);

  const pid = server.child.pid;
  const proc = hasProc(pid);
  // The kernel's peak counts only if it could be reset to this phase.
  const kernelPeak = proc && resetPeakRss(pid);
  const readRss = proc
    ? () => rssMiB(pid)
    : async () => (await server.child.request<ServerStats>('stats')).rss / 2 ** 20;
  const sampler = sampleRss(readRss, 100);

  const offeredPerSec = OVERLOAD_FACTOR * capacityPerSec;
  ctx.progress(`overload: ${fmt(offeredPerSec)} logins/s offered for ${ctx.overloadMs / 1000} s`);
  let recovery: Promise<number> | undefined;
  const meter = meterOthers();
  const run = await openLoop(
    {
      origin: server.origin,
      ratePerSec: offeredPerSec,
      durationMs: ctx.overloadMs,
      timeoutMs: 30_000,
      build,
      classify,
    },
    () => {
      recovery = recoveryTime(server.origin, build, NORMAL_FACTOR * idleLoginMs);
    },
  );
  const othersCores = meter.stop();
  const recoveryMs = recovery ? await recovery : Number.NaN;
  const rss = sampler.stop();
  const peak = Math.max(rss.peakMiB, kernelPeak ? peakRssMiB(pid) : 0);
  return {
    run,
    offeredPerSec,
    capacityPerSec,
    idleLoginMs,
    peakRssMiB: peak,
    rssBoundMiB: (ctx.maxPending + ctx.cores) * SCRYPT_MIB + RSS_SLACK_MIB,
    rssTimeline: rss.timeline,
    recoveryMs,
    othersCores,
  };
}

/** Logs in one at a time from the end of the load until a login is as fast as idle. */
async function recoveryTime(
  origin: string,
  build: ReturnType<typeof loginRequests>,
  normalMs: number,
): Promise<number> {
  const stopped = nowMs();
  while (nowMs() - stopped < RECOVERY_LIMIT_MS) {
    try {
      const login = await timedLogin(origin, build);
      if (login.ok && login.ms <= normalMs) return nowMs() - stopped;
    } catch {
      // refused or reset while the backlog drains: not normal yet
    }
    await sleep(50);
  }
  return Number.NaN;
}

export function overloadRows(ctx: BenchContext, r: OverloadResult): Row[] {
  const k = r.run.kinds;
  const total = Object.values(k).reduce((a, b) => a + b, 0);
  const shed = k[SHED] ?? 0;
  const ok = k[OK] ?? 0;
  const other5xx = Object.entries(k)
    .filter(([kind]) => /^5\d\d$/.test(kind))
    .reduce((sum, [, n]) => sum + n, 0);
  const lost = k[NO_ANSWER] ?? 0;
  const seconds = ctx.overloadMs / 1000;
  const offered = r.run.sent / seconds;
  const served = ok / seconds;
  const bound = `(${ctx.maxPending} + ${ctx.cores}) × 64 + 200`;
  const rows: Row[] = [
    {
      item: 3,
      measure: `Overload: answers that are 503 errno 201 with Retry-After (${total} answers)`,
      value: `${percent(shed, total)} (200: ${percent(ok, total)})`,
      baseline: `offered ${fmt(offered)}/s vs capacity ${fmt(r.capacityPerSec, 2)}/s`,
      ratio: `×${fmt(ratio(offered, r.capacityPerSec))} offered`,
      target: '—',
      met: null,
      data: {
        kinds: k,
        sent: r.run.sent,
        offeredPerSec: offered,
        maxOutstanding: r.run.maxOutstanding,
      },
    },
    {
      item: 3,
      measure: 'Overload: any other 5xx, or no answer',
      value: `${percent(other5xx + lost, total)} (${other5xx} × 5xx, ${lost} × no answer)`,
      baseline: '—',
      ratio: '—',
      target: '0',
      met: other5xx + lost === 0,
      data: { other5xx, noAnswer: lost },
    },
    {
      item: 3,
      measure: 'Overload: logins served during the overload',
      value: `${fmt(served, 2)}/s`,
      baseline: `capacity ${fmt(r.capacityPerSec, 2)}/s`,
      ratio: fmt(ratio(served, r.capacityPerSec), 3),
      target: '—',
      met: null,
      data: { servedPerSec: served },
    },
    {
      item: 3,
      measure: 'Overload: peak RSS of the server',
      value: `${fmt(r.peakRssMiB, 0)} MiB`,
      baseline: `${bound} = ${r.rssBoundMiB} MiB`,
      ratio: fmt(ratio(r.peakRssMiB, r.rssBoundMiB), 3),
      target: `< ${r.rssBoundMiB} MiB`,
      met: r.peakRssMiB < r.rssBoundMiB,
      data: { peakRssMiB: r.peakRssMiB, boundMiB: r.rssBoundMiB, timeline: r.rssTimeline },
    },
    {
      item: 3,
      measure: `Overload: time from end of load to a login within ${NORMAL_FACTOR}× idle time`,
      value: Number.isFinite(r.recoveryMs) ? `${fmt(r.recoveryMs / 1000, 2)} s` : 'not within 30 s',
      baseline: `idle login ${fmt(r.idleLoginMs, 0)} ms`,
      ratio: '—',
      target: '—',
      met: null,
      data: {
        recoveryMs: r.recoveryMs,
        idleLoginMs: r.idleLoginMs,
        drainMs: r.run.drainedAt - r.run.stoppedAt,
      },
    },
  ];
  return rows.map((row) => ({ ...row, others: r.othersCores }));
}
