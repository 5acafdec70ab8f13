// Item 2: does the event loop keep answering cheap requests while logins
// saturate the CPU? Two probes, one request at a time every few ms, time
// GET /__lbheartbeat__ (no auth, no database) and a Hawk-signed
// GET /v1/session/status (token lookup and MAC check): first on the idle
// server (the baseline), then while the login load of item 1 runs.
import { waitQuiet } from '../lib/others.js';
import { heartbeatRequest, probe, type ProbeResult } from '../lib/probe.js';
import { sessionStatusRequests, type BenchAccount } from '../lib/requests.js';
import { fmt, median, percentile, ratio } from '../lib/stats.js';
import type { Row } from '../lib/table.js';
import type { BenchContext, RunningServer } from '../lib/context.js';
import type { LoadResult } from '../lib/load.js';
import { loginLoad } from './logins.js';

export const P99_TARGET_MS = 50;
const PROBE_INTERVAL_MS = 20;
const IDLE_PROBE_MS = 2000;

interface Probes {
  heartbeat: ProbeResult;
  session: ProbeResult;
}

function probeBoth(server: RunningServer, accounts: readonly BenchAccount[], durationMs: number) {
  const opts = { intervalMs: PROBE_INTERVAL_MS, durationMs };
  return Promise.all([
    probe(server.origin, heartbeatRequest, opts),
    probe(server.origin, sessionStatusRequests(server.publicUrl, accounts), opts),
  ]).then(([heartbeat, session]): Probes => ({ heartbeat, session }));
}

export async function latencyUnderLoad(
  ctx: BenchContext,
  server: RunningServer,
  accounts: readonly BenchAccount[],
): Promise<{ idle: Probes; loaded: Probes; logins: LoadResult }> {
  ctx.progress('probes on the idle server');
  await waitQuiet();
  const idle = await probeBoth(server, accounts, IDLE_PROBE_MS);
  ctx.progress('probes while logins saturate the CPU');
  let loadedProbes: Promise<Probes> | undefined;
  const logins = await loginLoad(ctx, server, accounts, {
    onWindowStart: () => {
      loadedProbes = probeBoth(server, accounts, ctx.measureMs);
    },
  });
  if (!loadedProbes) throw new Error('the login load ended before its measurement window');
  return { idle, loaded: await loadedProbes, logins };
}

function latencyRow(what: string, idle: ProbeResult, loaded: ProbeResult, logins: LoadResult): Row {
  const p50 = median(loaded.latencies);
  const p99 = percentile(loaded.latencies, 0.99);
  const idleP50 = median(idle.latencies);
  const idleP99 = percentile(idle.latencies, 0.99);
  const failed = loaded.failures > 0 ? ` (${loaded.failures} failed)` : '';
  return {
    item: 2,
    measure: `${what} latency while logins saturate the CPU (${fmt(logins.okPerSec, 1)} logins/s)`,
    value: `p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms${failed}`,
    baseline: `idle p50 ${fmt(idleP50)} ms, p99 ${fmt(idleP99)} ms`,
    ratio: `p99 ×${fmt(ratio(p99, idleP99))}`,
    target: `p99 < ${P99_TARGET_MS} ms`,
    met: p99 < P99_TARGET_MS && loaded.failures === 0,
    others: logins.othersCores,
    data: {
      loaded: {
        p50,
        p90: percentile(loaded.latencies, 0.9),
        p99,
        max: Math.max(...loaded.latencies),
      },
      idle: { p50: idleP50, p99: idleP99 },
      samples: loaded.latencies.length,
      failures: loaded.failures,
      loginsPerSec: logins.okPerSec,
    },
  };
}

export function latencyRows(r: { idle: Probes; loaded: Probes; logins: LoadResult }): Row[] {
  return [
    latencyRow('GET /__lbheartbeat__', r.idle.heartbeat, r.loaded.heartbeat, r.logins),
    latencyRow('Hawk GET /v1/session/status', r.idle.session, r.loaded.session, r.logins),
  ];
}
