// npm run bench [-- --store sqlite|mysql] [--profile] [--concurrency N] [--only reads]
//
// Starts the auth server in a child process, drives it with autocannon (and
// an open-loop node:http client for the overload), and measures each figure
// against a baseline taken in the same run (bare scrypt, the idle server, a
// bare hapi route, the login rate, one process). Progress goes to stderr;
// the table and the closing notes go to stdout and, with the raw numbers, to
// bench/results/<date>.json (<date>-mysql.json for --store mysql).
// `--only reads` measures item 4 alone (and profiles it with --profile), for
// work on the read path; its results go to <date>-reads[-mysql].json.
// The items are those of the issue that asked for this benchmark:
//   1 login efficiency   2 event-loop health   3 overload
//   4 authenticated reads 5 sign-up cost       6 scaling
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.js';
import {
  startServer,
  stopAllServers,
  type BenchContext,
  type RunningServer,
  type StoreKind,
} from './lib/context.js';
import { mysqlUnreachable } from './lib/mysql.js';
import { createAccounts, type BenchAccount } from './lib/requests.js';
import { meterOthers, quietWaitSeconds } from './lib/others.js';
import { fmt, nowMs, sleep } from './lib/stats.js';
import { markdownTable, missed, skippedRow, type Row } from './lib/table.js';
import { loginEfficiency, loginEfficiencyRow, signupLoad, signupRow } from './measures/logins.js';
import { latencyRows, latencyUnderLoad } from './measures/latency.js';
import { overload, overloadRows } from './measures/overload.js';
import {
  READ_NAMES,
  READS,
  bareHapiReads,
  floorRow,
  prepareReads,
  readsRow,
  serverReads,
  type ReadName,
  type ReadRun,
} from './measures/reads.js';
import { scaling, scalingRows } from './measures/scaling.js';
import { profileLoad, type ProfiledLoad, type ProfileRun } from './measures/profile.js';
import { closingNotes } from './lib/notes.js';

const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    profile: { type: 'boolean', default: false },
    concurrency: { type: 'string' },
    only: { type: 'string' },
  },
});
if (args.only !== undefined && args.only !== 'reads') {
  console.error(`--only takes reads, not ${args.only}`);
  process.exit(2);
}
const readsOnly = args.only === 'reads';
if (args.store !== 'sqlite' && args.store !== 'mysql') {
  console.error(`--store must be sqlite or mysql, not ${args.store}`);
  process.exit(2);
}
const store: StoreKind = args.store;
if (args.concurrency !== undefined && !(Number(args.concurrency) >= 1)) {
  console.error(`--concurrency must be a positive number, not ${args.concurrency}`);
  process.exit(2);
}
const other: StoreKind = store === 'sqlite' ? 'mysql' : 'sqlite';

const started = nowMs();
const cores = availableParallelism();
const concurrency = args.concurrency ? Number(args.concurrency) : 2 * cores;
const date = new Date().toISOString().slice(0, 10);
// Every forked process inherits this. libuv's default of 4 threads would cap
// scrypt at 4 cores, and "logins saturate the CPU" would not hold on a
// bigger machine; an explicit setting is left alone.
process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, cores));
const resultsDir = fileURLToPath(new URL('results/', import.meta.url));

// Two seconds of looking at what else the machine is doing before starting.
const preflight = meterOthers();
await sleep(2000);
const othersCoresAtStart = preflight.stop();

const machine = {
  nproc: cores,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  uvThreadpoolSize: Number(process.env.UV_THREADPOOL_SIZE),
  loadAvg1mAtStart: loadavg()[0] ?? 0,
  othersCoresAtStart,
};

const ctx: BenchContext = {
  cores,
  concurrency,
  readConnections: 8 * cores,
  // The server's own setting, raised only if the bench keeps more logins in flight.
  maxPending: Math.max(loadConfig().scrypt.maxPending, concurrency),
  warmupMs: 1500,
  measureMs: 8000,
  overloadMs: 20_000,
  tag: `${Date.now().toString(36)}${process.pid}`,
  progress: (message) =>
    console.error(`[bench ${fmt((nowMs() - started) / 1000, 0).padStart(3)} s] ${message}`),
};

// Ctrl-C stops the servers and drops their MySQL databases before leaving.
process.once('SIGINT', () => {
  console.error('interrupted: stopping servers');
  void stopAllServers().finally(() => process.exit(130));
});

if (othersCoresAtStart > 0.2) {
  ctx.progress(
    `other processes are using ${fmt(othersCoresAtStart, 2)} of ${cores} cores; ` +
      'every figure will move with them (the closing notes say where)',
  );
}

const rows: Row[] = [];
const mysqlWhy = await mysqlUnreachable();
if (store === 'mysql' && mysqlWhy) {
  console.error(`${mysqlWhy}; --store mysql needs it (or set BENCH_MYSQL_URL)`);
  process.exit(1);
}

type BareRuns = Record<ReadName, ReadRun>;

/** Every read of measures/reads.ts on `server`, each against its bare route. */
async function readRows(
  storeKind: StoreKind,
  server: RunningServer,
  accounts: readonly BenchAccount[],
  bare?: BareRuns,
): Promise<BareRuns> {
  const built = await prepareReads(server, accounts);
  const served: Partial<BareRuns> = {};
  for (const name of READ_NAMES) {
    ctx.progress(`${READS[name].label} at saturation (${storeKind})`);
    served[name] = await serverReads(ctx, server, name, built[name]);
  }
  const baseline = bare ?? (await bareHapiReads(ctx, built));
  const floor = await bareHapiReads(ctx, built, server.databaseUrl);
  rows.push(floorRow(ctx, storeKind, floor, baseline));
  for (const name of READ_NAMES) {
    rows.push(readsRow(ctx, storeKind, name, served[name] as ReadRun, baseline[name], floor[name]));
  }
  return baseline;
}

async function mainStore(): Promise<{
  bare: BareRuns;
  loginsPerSec: number;
  scryptPerSec: number;
}> {
  ctx.progress(`starting the server on ${store}`);
  const server = await startServer(ctx, store);
  try {
    const accounts = await createAccounts(server.origin, ctx.tag, concurrency);
    const efficiency = await loginEfficiency(ctx, server, accounts);
    const { logins, scrypt } = efficiency;
    rows.push(loginEfficiencyRow(ctx, store, efficiency));
    rows.push(...latencyRows(await latencyUnderLoad(ctx, server, accounts)));
    rows.push(signupRow(ctx, await signupLoad(ctx, server), logins));
    const bare = await readRows(store, server, accounts);
    rows.push(...overloadRows(ctx, await overload(ctx, server, accounts, logins.okPerSec)));
    return { bare, loginsPerSec: logins.okPerSec, scryptPerSec: scrypt.opsPerSec };
  } finally {
    await server.stop();
  }
}

async function mainStoreReads(): Promise<{ bare: BareRuns }> {
  const server = await startServer(ctx, store);
  try {
    const accounts = await createAccounts(server.origin, ctx.tag, concurrency);
    return { bare: await readRows(store, server, accounts) };
  } finally {
    await server.stop();
  }
}

async function otherStoreReads(bare: BareRuns): Promise<void> {
  if (other === 'mysql' && mysqlWhy) {
    for (const name of READ_NAMES) {
      rows.push(skippedRow(4, `${READS[name].label} req/s (mysql)`, 'skipped (no MySQL)'));
    }
    return;
  }
  const server = await startServer(ctx, other);
  try {
    const accounts = await createAccounts(server.origin, `${ctx.tag}-${other}`, concurrency);
    await readRows(other, server, accounts, bare);
  } finally {
    await server.stop();
  }
}

if (readsOnly) {
  await otherStoreReads((await mainStoreReads()).bare);
} else {
  const main = await mainStore();
  await otherStoreReads(main.bare);
  if (mysqlWhy)
    rows.push(skippedRow(6, 'Scaling: 1 and 2 processes sharing MySQL', 'skipped (no MySQL)'));
  else rows.push(...scalingRows(await scaling(ctx), main.scryptPerSec));
}
rows.sort((a, b) => a.item - b.item);

// A profile explains a missed CPU-bound target; --profile takes them all.
// A missed read is profiled on the store it missed on only when that is the
// main store; --profile takes every read on it.
const loads = new Set<ProfiledLoad>(
  args.profile ? [...(readsOnly ? [] : ['logins' as const]), ...READ_NAMES] : [],
);
if (missed(rows).some((r) => r.item === 1 || r.item === 2)) loads.add('logins');
for (const r of missed(rows)) {
  const d = r.data as { store?: string; read?: ReadName } | undefined;
  if (r.item === 4 && d?.store === store && d.read) loads.add(d.read);
}
const profiles: ProfileRun[] = [];
const profileDir = join(resultsDir, 'profiles', `${date}-${store}`);
for (const load of loads) profiles.push(await profileLoad(ctx, store, load, profileDir));

const wallSeconds = (nowMs() - started) / 1000;
const loadAvg1mAtEnd = loadavg()[0] ?? 0;
const heading =
  `fxa-selfhost bench, ${date}: ${machine.nproc} × ${machine.cpuModel}, ` +
  `${machine.memGiB} GiB, Node ${machine.node}, store ${store}, wall time ${fmt(wallSeconds, 0)} s`;
const finalMachine = { ...machine, loadAvg1mAtEnd, quietWaitSeconds: quietWaitSeconds() };
const notes = closingNotes(rows, profiles, finalMachine);
console.log(`${heading}\n\n${markdownTable(rows)}\n\n${notes}`);

mkdirSync(resultsDir, { recursive: true });
const file = join(
  resultsDir,
  `${date}${readsOnly ? '-reads' : ''}${store === 'sqlite' ? '' : `-${store}`}.json`,
);
const settings = { ...ctx, progress: undefined };
writeFileSync(
  file,
  `${JSON.stringify(
    {
      date,
      store,
      machine: finalMachine,
      settings,
      wallSeconds,
      rows,
      notes,
      profiles: profiles.map(({ load, file: f, perSec, summary }) => ({
        load,
        file: f,
        perSec,
        summary,
      })),
    },
    null,
    2,
  )}\n`,
);
ctx.progress(`wrote ${file}`);
