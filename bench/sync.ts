// npm run bench:sync [-- --store sqlite|mysql] [--rounds N] [--profile DIR]
//
// SyncStorage throughput, each figure beside a baseline taken in the same
// run (issue 10):
//   1 batch upload: 1,000 records of 1 KB in batches of 100 (batch=true,
//     appends, commit), as Firefox's PostQueue sends them, against a bare
//     better-sqlite3 loop inserting the same rows into the same table shape,
//     one transaction per 100 rows, with the server's pragmas (WAL, default
//     synchronous). Target: at least 0.3 of the bare loop. A second row
//     compares records per CPU-second (the server process against the bare
//     loop), which a busy machine moves far less than wall time.
//   2 reads: GET ?full=1 of a 5,000-record collection (history-sized, as
//     Firefox downloads it), p50 and p99, against the bare SELECT of the
//     same rows from the same file.
// The server runs in a child process (bench/server.ts) on a fresh database;
// the table goes to stdout and, with the raw numbers, to
// bench/results/<date>-sync[-mysql].json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { SyncClient } from '../test/client/sync.js';
import { forkChild } from './lib/child.js';
import { createMysqlDatabase } from './lib/mysql.js';
import { meterOthers, readProc, waitQuiet } from './lib/others.js';
import { fmt, median, nowMs, percentile } from './lib/stats.js';
import { markdownTable, type Row } from './lib/table.js';
import type { ServerInfo } from './server.js';

const { values: args } = parseArgs({
  options: {
    store: { type: 'string', default: 'sqlite' },
    rounds: { type: 'string', default: '7' },
    // The server process writes a CPU profile there (bench/profile-summary.ts reads it).
    profile: { type: 'string' },
  },
});
if (args.store !== 'sqlite' && args.store !== 'mysql') {
  console.error(`--store must be sqlite or mysql, not ${args.store}`);
  process.exit(2);
}
const rounds = Number(args.rounds);
const MASTER = 'bench master secret';
const UPLOAD_RECORDS = 1000;
const BATCH = 100;
const READ_RECORDS = 5000;
const READ_SAMPLES = 40;
const progress = (message: string) => process.stderr.write(`[bench:sync] ${message}\n`);

const record = (i: number, bytes: number) => ({
  id: `r${String(i).padStart(6, '0')}`,
  payload: 'x'.repeat(bytes),
  sortindex: i,
});

/** The bare loop: the same rows into the same table, prepared once, 100 per transaction. */
function bareInserts(path: string, uid: number, rows: ReturnType<typeof record>[]): number {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS sync_bso (uid INTEGER NOT NULL, collection_id INTEGER NOT NULL,
    id TEXT NOT NULL, sortindex INTEGER, payload TEXT NOT NULL, payload_size INTEGER NOT NULL,
    modified_ms INTEGER NOT NULL, expiry_ms INTEGER NOT NULL, PRIMARY KEY (uid, collection_id, id)) STRICT;
    CREATE INDEX IF NOT EXISTS sync_bso_modified ON sync_bso (uid, collection_id, modified_ms);
    CREATE INDEX IF NOT EXISTS sync_bso_expiry ON sync_bso (expiry_ms);`);
  const insert = db.prepare(`INSERT INTO sync_bso VALUES (?, 4, ?, ?, ?, ?, ?, ?)`);
  const chunk = db.transaction((part: typeof rows, ts: number) => {
    for (const r of part)
      insert.run(uid, r.id, r.sortindex, r.payload, r.payload.length, ts, ts + 1e12);
  });
  const started = nowMs();
  for (let at = 0; at < rows.length; at += BATCH) chunk(rows.slice(at, at + BATCH), Date.now());
  const seconds = (nowMs() - started) / 1000;
  db.close();
  return rows.length / seconds;
}

function bareSelect(path: string, uid: number): number {
  const db = new Database(path, { readonly: true });
  const select = db.prepare(
    'SELECT id, modified_ms, payload, sortindex FROM sync_bso WHERE uid = ? AND collection_id = 4 ORDER BY modified_ms DESC, id DESC LIMIT 5001',
  );
  const started = nowMs();
  const rows = select.all(uid);
  const ms = nowMs() - started;
  db.close();
  if (rows.length !== READ_RECORDS) throw new Error(`bare select saw ${rows.length} rows`);
  return ms;
}

/** Uploads `rows` as Firefox would: open a batch, append, commit. Returns records per second. */
async function upload(client: SyncClient, collection: string, rows: ReturnType<typeof record>[]) {
  const started = nowMs();
  let batch = '';
  for (let at = 0; at < rows.length; at += BATCH) {
    const last = at + BATCH >= rows.length;
    const query = at === 0 ? '?batch=true' : `?batch=${batch}${last ? '&commit=true' : ''}`;
    const res = await client.post(`/storage/${collection}${query}`, rows.slice(at, at + BATCH));
    if (res.status !== (last ? 200 : 202)) throw new Error(`upload: ${res.status} ${res.text}`);
    if (at === 0) batch = res.json<{ batch: string }>().batch;
  }
  return rows.length / ((nowMs() - started) / 1000);
}

const dataDir = mkdtempSync(join(tmpdir(), 'fxa-bench-sync-'));
const mysql = args.store === 'mysql' ? await createMysqlDatabase() : undefined;
const server = await forkChild<ServerInfo>(
  'server.ts',
  [
    JSON.stringify({
      dataDir,
      database: { url: mysql?.url ?? `sqlite:${join(dataDir, 'fxa.sqlite')}` },
      sync: { masterSecret: MASTER },
    }),
  ],
  args.profile ? { execArgv: ['--cpu-prof', `--cpu-prof-dir=${args.profile}`] } : {},
);
try {
  const kb = Array.from({ length: UPLOAD_RECORDS }, (_, i) => record(i, 1024));
  const barePath = join(dataDir, 'bare.sqlite');
  const served: number[] = [];
  const bare: number[] = [];
  const othersUpload: number[] = [];
  // CPU seconds, which another program on the machine moves far less than
  // wall time: the server process's (from /proc) and the bare loop's own.
  let servedCpu = 0;
  let bareCpu = 0;
  const serverCpu = () => readProc(server.pid)?.cpu ?? Number.NaN;
  for (let round = 0; round < rounds; round++) {
    progress(`batch upload, round ${round + 1} of ${rounds}`);
    await waitQuiet();
    const meter = meterOthers();
    // Alternating keeps a machine-wide slowdown from favouring either side.
    const ownCpu = process.cpuUsage();
    bare.push(bareInserts(barePath, 1000 + round, kb));
    const used = process.cpuUsage(ownCpu);
    bareCpu += (used.user + used.system) / 1e6;
    const cpuBefore = serverCpu();
    served.push(await upload(SyncClient.mint(server.info.publicUrl, MASTER), 'history', kb));
    servedCpu += serverCpu() - cpuBefore;
    othersUpload.push(meter.stop());
  }

  progress(`reads: loading ${READ_RECORDS} history-sized records`);
  const reader = SyncClient.mint(server.info.publicUrl, MASTER);
  const history = Array.from({ length: READ_RECORDS }, (_, i) => record(i, 600));
  for (let at = 0; at < history.length; at += UPLOAD_RECORDS) {
    await upload(reader, 'history', history.slice(at, at + UPLOAD_RECORDS));
  }
  bareInserts(barePath, 1, history);
  const readMs: number[] = [];
  const bareReadMs: number[] = [];
  await waitQuiet();
  const readMeter = meterOthers();
  for (let i = 0; i < READ_SAMPLES; i++) {
    bareReadMs.push(bareSelect(barePath, 1));
    const started = nowMs();
    const res = await reader.get('/storage/history?full=1&limit=5000&sort=newest');
    readMs.push(nowMs() - started);
    if (res.status !== 200 || res.headers.get('x-weave-records') !== String(READ_RECORDS)) {
      throw new Error(`read: ${res.status} ${res.headers.get('x-weave-records')}`);
    }
  }

  const othersRead = readMeter.stop();
  const up = median(served);
  const upBare = median(bare);
  const rows: Row[] = [
    {
      item: 1,
      measure: `batch upload, ${UPLOAD_RECORDS} × 1 KB in batches of ${BATCH} (records/s, median of ${rounds})`,
      value: fmt(up, 0),
      baseline: `${fmt(upBare, 0)} (bare better-sqlite3 loop)`,
      ratio: fmt(up / upBare, 3),
      target: '≥ 0.3 of the bare loop',
      met: up / upBare >= 0.3,
      others: median(othersUpload),
      data: { served, bare, othersUpload },
    },
    {
      item: 1,
      measure: 'batch upload, records per CPU-second (server process; bare loop)',
      value: fmt((rounds * UPLOAD_RECORDS) / servedCpu, 0),
      baseline: `${fmt((rounds * UPLOAD_RECORDS) / bareCpu, 0)} (bare loop)`,
      ratio: fmt(bareCpu / servedCpu, 3),
      target: 'reported',
      met: null,
      data: { servedCpu, bareCpu },
    },
    ...(['p50', 'p99'] as const).map((name) => {
      const q = name === 'p50' ? 0.5 : 0.99;
      const value = percentile(readMs, q);
      const base = percentile(bareReadMs, q);
      return {
        item: 2,
        measure: `GET ?full=1 of ${READ_RECORDS} history records, ${name} (ms)`,
        value: fmt(value, 1),
        baseline: `${fmt(base, 1)} (bare SELECT)`,
        ratio: fmt(value / base, 1),
        target: 'reported',
        met: null,
        others: othersRead,
        data: { readMs, bareReadMs },
      } satisfies Row;
    }),
  ];
  const date = new Date().toISOString().slice(0, 10);
  const heading = `fxa-selfhost Sync bench, ${date}: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, Node ${process.version}, store ${args.store}`;
  // Both sides of each ratio share the machine with whatever else runs;
  // a busy machine slows the many-turn HTTP path more than the tight loop.
  const notes =
    `Other processes used ${fmt(median(othersUpload), 2)} cores (median) during the uploads and ` +
    `${fmt(othersRead, 2)} during the reads; load average ${loadavg()
      .map((l) => fmt(l, 1))
      .join(' ')}.`;
  console.log(`${heading}\n\n${markdownTable(rows)}\n\n${notes}`);
  const resultsDir = fileURLToPath(new URL('results/', import.meta.url));
  mkdirSync(resultsDir, { recursive: true });
  const file = join(resultsDir, `${date}-sync${args.store === 'sqlite' ? '' : '-mysql'}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ date, store: args.store, rounds, rows, notes }, null, 2)}\n`,
  );
  progress(`wrote ${file}`);
} finally {
  await server.stop();
  await mysql?.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
