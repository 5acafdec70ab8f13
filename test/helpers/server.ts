// Starts the real server in-process on a free loopback port, with its own
// data directory and the given database, so end-to-end tests drive it over
// HTTP exactly as a client would. Log lines are kept for inspection.
import { createServer as createNetServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config.js';
import { startApp, type App } from '../../src/main.js';
import type { SyncStorageEraser } from '../../src/sync/lifecycle.js';
import { buildWebIfStale } from '../../scripts/build-web.js';

export interface TestServer {
  origin: string;
  publicUrl: string;
  config: Config;
  app: App;
  /** The development mail sink the server delivers to (GET /mail/<email>). */
  mailSinkUrl: string;
  /** Moves the server's clock (not the client's) forward, for expiry tests. */
  advanceClock(ms: number): void;
  /** Every log line the server wrote so far. */
  logs(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

export function merge(base: Tree, extra: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const prev = out[k];
    out[k] = isTree(prev) && isTree(v) ? merge(prev, v) : v;
  }
  return out;
}

/**
 * freePort only probes: between the probe and the server's listen, a test
 * file running alongside may take the port. Starting again on a fresh port
 * settles that race; anything else fails at once.
 */
export async function onFreshPort<T>(
  start: () => Promise<T>,
  clash: (err: unknown) => boolean,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt === 3 || !clash(err)) throw err;
    }
  }
}

const portTaken = (err: unknown) => (err as { code?: string }).code === 'EADDRINUSE';

export interface TestServerOptions {
  databaseUrl: string;
  config?: Tree;
  /** Stands in for the Sync storage, e.g. to record which uids were deleted. */
  syncStorageEraser?: SyncStorageEraser;
}

// Once per test process: the pages a fresh clone has not built yet, or
// built from older sources, are built before any server serves them.
let webBuilt: Promise<unknown> | undefined;

export async function startTestServer(opts: TestServerOptions): Promise<TestServer> {
  webBuilt ??= buildWebIfStale();
  await webBuilt;
  return onFreshPort(() => startOnce(opts), portTaken);
}

async function startOnce(opts: TestServerOptions): Promise<TestServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'fxa-test-server-'));
  const config = loadConfig(
    merge(
      {
        env: 'test',
        publicUrl: `http://127.0.0.1:${port}`,
        listen: { host: '127.0.0.1', port },
        dataDir,
        database: { url: opts.databaseUrl },
        log: { level: 'info' },
        // Each test server gets its own sink on free ports.
        mail: { sink: { enabled: true, smtpPort: 0, httpPort: 0 } },
      },
      opts.config ?? {},
    ),
  );
  let logText = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logText += chunk.toString('utf8');
      done();
    },
  });
  let offset = 0;
  const app = await startApp(config, {
    logDestination: sink,
    clock: () => Date.now() + offset,
    ...(opts.syncStorageEraser ? { syncStorageEraser: opts.syncStorageEraser } : {}),
  });
  return {
    origin: app.origin,
    publicUrl: config.publicUrl,
    config,
    app,
    mailSinkUrl: app.mailSinkUrl ?? '',
    logs: () => logText,
    advanceClock: (ms) => {
      offset += ms;
    },
    async stop() {
      await app.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
