// Latency probes: one request at a time, paced at a fixed interval, timed
// from just before the request to the end of its body. Unlike the closed-loop
// load they add almost nothing to the server's work, so they show how long a
// cheap request waits while something else keeps the CPU busy.
import { keepAlive, send } from './http.js';
import { nowMs, sleep } from './stats.js';
import type { BuiltRequest } from './load.js';

export interface ProbeResult {
  latencies: number[];
  /** Answers that were not 200, and requests that failed outright. */
  failures: number;
}

export async function probe(
  origin: string,
  build: () => BuiltRequest,
  opts: { intervalMs: number; durationMs: number },
): Promise<ProbeResult> {
  const latencies: number[] = [];
  let failures = 0;
  const agent = keepAlive();
  const until = nowMs() + opts.durationMs;
  let next = nowMs();
  while (next < until) {
    const req = build();
    const start = nowMs();
    try {
      const answer = await send(origin, req, { agent });
      if (answer.status === 200) latencies.push(nowMs() - start);
      else failures++;
    } catch {
      failures++;
    }
    next += opts.intervalMs;
    await sleep(Math.max(0, next - nowMs()));
  }
  agent.destroy();
  return { latencies, failures };
}

/** GET /__lbheartbeat__: no auth, no database. */
export const heartbeatRequest = (): BuiltRequest => ({ method: 'GET', path: '/__lbheartbeat__' });
