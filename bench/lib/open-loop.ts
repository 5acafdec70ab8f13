// Open-loop load: requests start at a fixed rate whether or not earlier ones
// have been answered, as real clients arrive during an overload. (A closed
// loop would slow down with the server and never offer 20× its capacity.)
// autocannon's rate limit cannot do this: it releases each connection's
// quota at the start of every second, so 20× would arrive as one burst a
// second. Requests here are spaced evenly, over a keep-alive pool that opens
// as many connections as are needed.
import { keepAlive, send, type Answer } from './http.js';
import { nowMs, sleep } from './stats.js';
import type { BuiltRequest } from './load.js';

export interface OpenLoopOptions {
  origin: string;
  ratePerSec: number;
  durationMs: number;
  timeoutMs: number;
  build: () => BuiltRequest;
  classify: (answer: Answer) => string;
}

export interface OpenLoopResult {
  sent: number;
  /** Answers by kind, plus `no answer` for requests that failed or timed out. */
  kinds: Record<string, number>;
  /** Answered 2xx, with the time each was answered (ms after the start). */
  okAt: number[];
  maxOutstanding: number;
  /** ms after the start when the last request was sent. */
  stoppedAt: number;
  /** ms after the start when the last answer came in. */
  drainedAt: number;
}

const TICK_MS = 5;
export const NO_ANSWER = 'no answer';

export async function openLoop(
  opts: OpenLoopOptions,
  onStop?: (stoppedAtMs: number) => void,
): Promise<OpenLoopResult> {
  const start = nowMs();
  const kinds: Record<string, number> = {};
  const okAt: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const agent = keepAlive();
  let sent = 0;
  let maxOutstanding = 0;
  const count = (kind: string) => void (kinds[kind] = (kinds[kind] ?? 0) + 1);

  async function one(): Promise<void> {
    try {
      const answer = await send(opts.origin, opts.build(), { agent, timeoutMs: opts.timeoutMs });
      count(opts.classify(answer));
      if (answer.status >= 200 && answer.status < 300) okAt.push(nowMs() - start);
    } catch {
      count(NO_ANSWER);
    }
  }

  // Each tick starts every request that is due by now, so a late timer
  // does not lower the offered rate.
  const interval = 1000 / opts.ratePerSec;
  while (nowMs() - start < opts.durationMs) {
    const due = Math.floor((nowMs() - start) / interval) + 1;
    for (; sent < due; sent++) {
      const p = one().finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    maxOutstanding = Math.max(maxOutstanding, inFlight.size);
    await sleep(TICK_MS);
  }
  const stoppedAt = nowMs() - start;
  onStop?.(stoppedAt);
  await Promise.all(inFlight);
  agent.destroy();
  return { sent, kinds, okAt, maxOutstanding, stoppedAt, drainedAt: nowMs() - start };
}
