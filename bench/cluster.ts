// Several auth server processes behind Node's cluster module, sharing one
// port and one MySQL database. The primary only accepts connections and hands
// them round-robin to the workers (bench/server.ts); it holds no state.
//
// argv[2] is the JSON config overrides for every worker. Workers start one at
// a time, so only the first one migrates the fresh database. The runner asks
// for more with `scale` and reads each worker's request count with `stats`.
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { announceReady, freePort, parseJsonArg, serveRequests } from './lib/ipc.js';
import type { Reply } from './lib/ipc.js';
import type { ServerInfo, ServerStats } from './server.js';

const overrides = parseJsonArg(2);
const port = await freePort();
const workerOverrides = {
  ...overrides,
  listen: { host: '127.0.0.1', port },
  // Two in-process mail sinks would compete for ports; the bench sends no
  // mail (its accounts are pre-verified), so the workers go without.
  mail: { sink: { enabled: false } },
};

cluster.setupPrimary({
  exec: fileURLToPath(new URL('server.ts', import.meta.url)),
  args: [JSON.stringify(workerOverrides)],
  silent: false,
});

const workers: Worker[] = [];
let nextId = 1;

function ask<T>(worker: Worker, type: string): Promise<T> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (message: Reply) => {
      if (message.type !== 'reply' || message.id !== id) return;
      worker.off('message', onMessage);
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.result as T);
    };
    worker.on('message', onMessage);
    worker.send({ type, id });
  });
}

function startWorker(): Promise<ServerInfo> {
  const worker = cluster.fork();
  workers.push(worker);
  return new Promise((resolve, reject) => {
    worker.once('exit', (code) => reject(new Error(`cluster worker exited (${code}) at start`)));
    worker.on('message', function onReady(message: { type: string; info?: ServerInfo }) {
      if (message.type !== 'ready' || !message.info) return;
      worker.off('message', onReady);
      resolve(message.info);
    });
  });
}

async function stopAll(): Promise<void> {
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          worker.once('exit', () => resolve());
          worker.send({ type: 'stop', id: 0 });
        }),
    ),
  );
}

const first = await startWorker();
serveRequests(
  {
    scale: async () => (await startWorker()).pid,
    stats: () => Promise.all(workers.map((w) => ask<ServerStats>(w, 'stats'))),
  },
  stopAll,
);
announceReady({ ...first, pid: process.pid } satisfies ServerInfo);
