// Per-request server cost of the authenticated reads, against the bare hapi
// route, in measures a busy machine distorts little: the server's CPU
// (user + sys from /proc/<pid>/stat) over a fixed number of requests, and,
// with --strace, its system calls per request (strace -c -f attached for a
// shorter run). Wall-clock rates are not reported at all.
//
//   npm run bench:per-request [-- --store mysql --requests N --strace --perf DIR
//     --rate R --only session|devices|profile]
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { forkChild } from './lib/child.js';
import { startServer, type BenchContext, type StoreKind } from './lib/context.js';
import { keepAlive, send } from './lib/http.js';
import { openLoop } from './lib/open-loop.js';
import type { BuiltRequest } from './lib/load.js';
import { createAccounts, presigned } from './lib/requests.js';
import { formatSummary, summariseProfile } from './lib/cpuprofile.js';
import { prepareReads, READ_NAMES, READS } from './measures/reads.js';
import type { ServerInfo } from './server.js';
import { PERF_NODE_FLAGS, perfRecord, perfReport } from './lib/perf.js';

const { values } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    requests: { type: 'string', default: '5000' },
    rounds: { type: 'string', default: '3' },
    strace: { type: 'boolean', default: false },
    profile: { type: 'string' },
    perf: { type: 'string' },
    rate: { type: 'string' },
    only: { type: 'string' },
  },
});
const store = values.store as StoreKind;
const N = Number(values.requests);
const CONNECTIONS = 4;
const WARMUP = 2000;
const STRACED = 1000;
const ROUNDS = Number(values.rounds);

const RATE = values.rate === undefined ? undefined : Number(values.rate);

/**
 * Sends `count` requests and throws on any non-200: over CONNECTIONS
 * keep-alive connections as fast as they are answered, or with --rate at
 * that many a second whatever the answers (see README, Performance).
 */
async function drive(origin: string, next: () => BuiltRequest, count: number): Promise<void> {
  if (RATE !== undefined) {
    const run = await openLoop({
      origin,
      ratePerSec: RATE,
      durationMs: (count / RATE) * 1000,
      timeoutMs: 10_000,
      build: next,
      classify: (answer) => (answer.status === 200 ? 'ok' : `${answer.status} ${answer.body}`),
    });
    const bad = Object.keys(run.kinds).filter((kind) => kind !== 'ok');
    if (bad.length > 0) throw new Error(`answers other than 200: ${bad.join(', ')}`);
    return;
  }
  const agent = keepAlive();
  let left = count;
  const worker = async () => {
    while (left-- > 0) {
      const answer = await send(origin, next(), { agent });
      if (answer.status !== 200) throw new Error(`${answer.status} ${answer.body}`);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  agent.destroy();
}

/** User and system CPU seconds of a process, all threads. */
function cpu(pid: number): { user: number; sys: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { user: Number(fields[11]) / 100, sys: Number(fields[12]) / 100 };
}

/**
 * Server CPU µs per request over N requests, in all and the kernel's part:
 * the least of ROUNDS rounds, since other processes only ever add to it.
 */
async function cpuPerRequest(pid: number, origin: string, next: () => () => BuiltRequest) {
  let best = { all: Infinity, sys: Infinity };
  for (let round = 0; round < ROUNDS; round++) {
    const requests = next();
    await drive(origin, requests, WARMUP);
    const start = cpu(pid);
    await drive(origin, requests, N);
    const end = cpu(pid);
    const us = (s: number) => (s * 1e6) / N;
    const all = us(end.user + end.sys - start.user - start.sys);
    if (all < best.all) best = { all, sys: us(end.sys - start.sys) };
  }
  return best;
}

/** System calls per request by name, from strace -c over STRACED requests. */
async function syscallsPerRequest(pid: number, origin: string, next: () => BuiltRequest) {
  const out = `/tmp/perf2-strace-${pid}.txt`;
  const tracer = spawn('strace', ['-c', '-f', '-o', out, '-p', String(pid)], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  await drive(origin, next, STRACED);
  tracer.kill('SIGINT');
  await new Promise((r) => tracer.once('exit', r));
  const calls: Record<string, number> = {};
  for (const line of readFileSync(out, 'utf8').split('\n')) {
    const cols = line.trim().split(/\s+/);
    const name = cols.at(-1);
    // Rows read: % time, seconds, usecs/call, calls, [errors], syscall.
    if (cols.length >= 5 && name && /^\d/.test(cols[0] ?? '') && name !== 'total') {
      calls[name] = Math.round((Number(cols[3]) / STRACED) * 100) / 100;
    }
  }
  rmSync(out, { force: true });
  return Object.fromEntries(Object.entries(calls).filter(([, n]) => n >= 0.05));
}

const ctx = {
  cores: 2,
  concurrency: 4,
  readConnections: CONNECTIONS,
  maxPending: 8,
  warmupMs: 0,
  measureMs: 0,
  overloadMs: 0,
  tag: `pr${Date.now()}`,
  progress: () => {},
} satisfies BenchContext;

const execArgv = values.perf ? PERF_NODE_FLAGS : [];
const server = await startServer(ctx, store, { execArgv });
const bare = await forkChild<ServerInfo>('baselines/bare-hapi.ts', [], { execArgv });
try {
  const accounts = await createAccounts(server.origin, ctx.tag, 4);
  const built = await prepareReads(server, accounts);
  for (const name of READ_NAMES.filter((n) => values.only === undefined || n === values.only)) {
    const ours = () =>
      READS[name].signed ? presigned(built[name], N + WARMUP + STRACED) : built[name];
    const once = built[name]();
    const same = () => once;
    const oursUs = await cpuPerRequest(server.child.pid, server.origin, ours);
    const bareUs = await cpuPerRequest(bare.pid, bare.info.origin, () => same);
    const show = (c: { all: number; sys: number }) =>
      `${c.all.toFixed(1)} µs (sys ${c.sys.toFixed(1)})`;
    console.log(
      `${READS[name].label} (${store}): ours ${show(oursUs)}, bare ${show(bareUs)},` +
        ` ratio ${(bareUs.all / oursUs.all).toFixed(3)}`,
    );
    if (values.profile) {
      const file = `${values.profile}/${store}-${name}.cpuprofile`;
      await server.child.request('profileStart');
      await drive(server.origin, ours(), N);
      await server.child.request('profileStop', { file });
      console.log(formatSummary(summariseProfile(file, 25), `${name} (${store})`));
    }
    if (values.perf) {
      const dir = values.perf;
      const record = (pid: number, origin: string, next: () => BuiltRequest, who: string) =>
        perfRecord(pid, `${dir}/${store}-${name}-${who}.data`, () => drive(origin, next, N));
      const oursFile = await record(server.child.pid, server.origin, ours(), 'ours');
      const bareFile = await record(bare.pid, bare.info.origin, same, 'bare');
      console.log(perfReport({ ours: oursFile, bare: bareFile }, N));
    }
    if (values.strace) {
      console.log(
        '  ours',
        JSON.stringify(await syscallsPerRequest(server.child.pid, server.origin, ours())),
      );
      console.log(
        '  bare',
        JSON.stringify(await syscallsPerRequest(bare.pid, bare.info.origin, same)),
      );
    }
  }
} finally {
  await bare.stop();
  await server.stop();
}
