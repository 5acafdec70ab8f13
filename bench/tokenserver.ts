// npm run bench:tokenserver [-- --store sqlite|mysql]
//
// The tokenserver row on its own (measures/tokenserver.ts), so the main
// bench keeps its length: the auth server in a child process on a fresh
// database, token requests at saturation, then the bare hapi route at the
// same path with the same load. Prints the row and writes it, with the raw
// numbers, to bench/results/<date>-tokenserver[-mysql].json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer, stopAllServers, type BenchContext, type StoreKind } from './lib/context.js';
import { mysqlUnreachable } from './lib/mysql.js';
import { fmt, nowMs } from './lib/stats.js';
import { markdownTable } from './lib/table.js';
import {
  bareHapiTokens,
  serverTokens,
  syncBrowsers,
  tokenserverRow,
} from './measures/tokenserver.js';

const { values: args } = parseArgs({ options: { store: { type: 'string', default: 'sqlite' } } });
if (args.store !== 'sqlite' && args.store !== 'mysql') {
  console.error(`--store must be sqlite or mysql, not ${args.store}`);
  process.exit(2);
}
const store: StoreKind = args.store;
const why = store === 'mysql' ? await mysqlUnreachable() : undefined;
if (why) {
  console.error(`${why}; --store mysql needs it (or set BENCH_MYSQL_URL)`);
  process.exit(1);
}

const started = nowMs();
const cores = availableParallelism();
const ctx: BenchContext = {
  cores,
  concurrency: 2 * cores,
  readConnections: 8 * cores,
  maxPending: 16,
  warmupMs: 1500,
  measureMs: 8000,
  overloadMs: 0,
  tag: `${Date.now().toString(36)}${process.pid}`,
  progress: (message) =>
    console.error(`[bench ${fmt((nowMs() - started) / 1000, 0).padStart(3)} s] ${message}`),
};
process.once('SIGINT', () => {
  console.error('interrupted: stopping servers');
  void stopAllServers().finally(() => process.exit(130));
});

const loadAvg1mAtStart = loadavg()[0] ?? 0;
ctx.progress(`starting the server on ${store}`);
const server = await startServer(ctx, store);
let row;
try {
  ctx.progress('signing up accounts and fetching their first Sync tokens');
  const browsers = await syncBrowsers(server.origin, ctx.tag, ctx.readConnections);
  ctx.progress(`token requests at saturation (${store})`);
  const tokens = await serverTokens(ctx, server, browsers);
  const bare = await bareHapiTokens(ctx, browsers);
  row = tokenserverRow(ctx, store, tokens, bare);
} finally {
  await server.stop();
}

const date = new Date().toISOString().slice(0, 10);
const machine = {
  nproc: cores,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  loadAvg1mAtStart,
  loadAvg1mAtEnd: loadavg()[0] ?? 0,
};
console.log(
  `fxa-selfhost tokenserver bench, ${date}: ${cores} × ${machine.cpuModel}, Node ${machine.node}, ` +
    `store ${store}; other processes used ${fmt(row.others ?? Number.NaN, 2)} cores meanwhile\n\n` +
    markdownTable([row]),
);
const dir = fileURLToPath(new URL('results/', import.meta.url));
mkdirSync(dir, { recursive: true });
const file = join(dir, `${date}-tokenserver${store === 'sqlite' ? '' : `-${store}`}.json`);
const settings = { ...ctx, progress: undefined };
writeFileSync(file, `${JSON.stringify({ date, store, machine, settings, row }, null, 2)}\n`);
ctx.progress(`wrote ${file}`);
