// Closed-loop load from autocannon, with each request built by a callback
// (so every request carries a fresh Hawk header or a new email) and every
// answer counted by status. Only answers that complete inside the measurement
// window [warm-up, warm-up + measure] count; the warm-up lets connections,
// JIT and the database settle first. A run starts once the rest of the
// machine is quiet (see others.ts).
//
// autocannon ships no types; it is loaded with require and given the small
// surface used here.
import { createRequire } from 'node:module';
import { meterOthers, waitQuiet, type OthersMeter } from './others.js';
import { nowMs } from './stats.js';

export interface BuiltRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadOptions {
  /** http://host:port of the server. */
  origin: string;
  connections: number;
  warmupMs: number;
  measureMs: number;
  timeoutSec?: number;
  build: () => BuiltRequest;
  /** Called once the warm-up is over and the measured window starts. */
  onWindowStart?: () => void;
}

export interface LoadResult {
  seconds: number;
  /** Answers in the window, by status code. */
  kinds: Record<string, number>;
  answers: number;
  ok: number;
  okPerSec: number;
  /** Latencies (ms) of the answers in the window. */
  latencies: number[];
  /** Connection errors and timeouts over the whole run, warm-up included. */
  errors: number;
  timeouts: number;
  /** Requests sent over the whole run (for the offered rate). */
  sent: number;
  /** Cores the rest of the machine used during the window (see others.ts). */
  othersCores: number;
}

interface AutocannonRequest {
  method: string;
  path: string;
  setupRequest(req: Record<string, unknown>): Record<string, unknown>;
  onResponse(status: number): void;
}

interface AutocannonResult {
  errors: number;
  timeouts: number;
}

interface Tracker {
  on(
    event: 'response',
    fn: (client: unknown, status: number, bytes: number, ms: number) => void,
  ): void;
}

type Autocannon = (
  opts: Record<string, unknown> & { requests: AutocannonRequest[] },
  cb: (err: Error | null, result: AutocannonResult) => void,
) => Tracker;

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as Autocannon;

const inWindow = (t: number, from: number, until: number) => t >= from && t <= until;

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  await waitQuiet();
  const start = nowMs();
  const from = start + opts.warmupMs;
  const until = from + opts.measureMs;
  const kinds: Record<string, number> = {};
  const latencies: number[] = [];
  let sent = 0;
  let ok = 0;
  let meter: OthersMeter | undefined;
  let othersCores = Number.NaN;
  const windowTimer = setTimeout(() => {
    meter = meterOthers();
    opts.onWindowStart?.();
  }, opts.warmupMs);
  const endTimer = setTimeout(() => {
    othersCores = meter?.stop() ?? Number.NaN;
  }, opts.warmupMs + opts.measureMs);

  const request: AutocannonRequest = {
    method: 'GET',
    path: '/',
    setupRequest(req) {
      sent++;
      const built = opts.build();
      return {
        ...req,
        method: built.method,
        path: built.path,
        headers: { ...(built.headers ?? {}) },
        body: built.body ?? '',
      };
    },
    onResponse(status) {
      if (!inWindow(nowMs(), from, until)) return;
      if (status >= 200 && status < 300) ok++;
      kinds[status] = (kinds[status] ?? 0) + 1;
    },
  };

  return new Promise((resolve, reject) => {
    const tracker = autocannon(
      {
        url: opts.origin,
        connections: opts.connections,
        // A little past the window, so its last answers are not cut off by the stop.
        duration: (opts.warmupMs + opts.measureMs) / 1000 + 0.25,
        sampleInt: 250,
        timeout: opts.timeoutSec ?? 10,
        requests: [request],
      },
      (err, result) => {
        clearTimeout(windowTimer);
        clearTimeout(endTimer);
        if (err) return reject(err);
        const answers = Object.values(kinds).reduce((sum, n) => sum + n, 0);
        const seconds = opts.measureMs / 1000;
        resolve({
          seconds,
          kinds,
          answers,
          ok,
          okPerSec: ok / seconds,
          latencies,
          errors: result.errors,
          timeouts: result.timeouts,
          sent,
          othersCores,
        });
      },
    );
    tracker.on('response', (_client, _status, _bytes, ms) => {
      if (inWindow(nowMs(), from, until)) latencies.push(ms);
    });
  });
}

/** Several runs of the same load as one: counts add up, rates are over the summed windows. */
export function mergeLoads(runs: readonly LoadResult[]): LoadResult {
  const kinds: Record<string, number> = {};
  for (const run of runs) {
    for (const [kind, n] of Object.entries(run.kinds)) kinds[kind] = (kinds[kind] ?? 0) + n;
  }
  const sum = (pick: (r: LoadResult) => number) => runs.reduce((s, r) => s + pick(r), 0);
  const seconds = sum((r) => r.seconds);
  const ok = sum((r) => r.ok);
  return {
    seconds,
    kinds,
    answers: sum((r) => r.answers),
    ok,
    okPerSec: seconds > 0 ? ok / seconds : 0,
    latencies: runs.flatMap((r) => r.latencies),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    sent: sum((r) => r.sent),
    othersCores: seconds > 0 ? sum((r) => r.othersCores * r.seconds) / seconds : Number.NaN,
  };
}
