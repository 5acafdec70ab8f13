// The auth server as the bench runs it: the real startApp in a process of
// its own, so the load generator never shares its event loop and its RSS is
// the server's alone. Also the worker of bench/cluster.ts.
//
// argv[2] is a JSON object of config overrides (see src/config.ts), merged
// over the bench defaults below. The server picks a free port unless the
// overrides name one, and announces its origin over IPC. On request it
// records a CPU profile of its main thread over just the measured window,
// which --cpu-prof (whole lifetime, start-up and compilation included) cannot.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadConfig } from '../src/config.js';
import { startApp } from '../src/main.js';
import { announceReady, freePort, parseJsonArg, serveRequests, type Request } from './lib/ipc.js';

export interface ServerInfo {
  origin: string;
  publicUrl: string;
  pid: number;
}

export interface ServerStats {
  pid: number;
  /** Requests this process has received since it started. */
  requests: number;
  rss: number;
}

type Tree = Record<string, unknown>;
const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

function overlay(base: Tree, top: Tree): Tree {
  const out: Tree = { ...base };
  for (const [key, value] of Object.entries(top)) {
    const under = out[key];
    out[key] = isTree(under) && isTree(value) ? overlay(under, value) : value;
  }
  return out;
}

function benchDefaults(port: number): Tree {
  return {
    env: 'test',
    // Hawk MACs cover host and port, so publicUrl is exactly where clients connect.
    publicUrl: `http://127.0.0.1:${port}`,
    listen: { host: '127.0.0.1', port },
    log: { level: 'silent' },
    // The bench logs the same accounts in thousands of times; customs would
    // (rightly) block them, and it is not what is being measured.
    customs: { enabled: false },
    mail: { sink: { enabled: true, smtpPort: 0, httpPort: 0 } },
    account: { allowPreVerified: true },
    // The reads send each of a few tokens thousands of requests a second, far
    // past the per-token cap meant for one client, and more nonces than the
    // default memory store holds; both would turn answers into 429s and 503s.
    // The nonce check itself still runs on every request.
    hawk: { noncesPerToken: 10_000_000, nonceCacheSize: 2_000_000 },
  };
}

const overrides = parseJsonArg(2);
const listen = isTree(overrides.listen) ? overrides.listen : {};
const port = typeof listen.port === 'number' ? listen.port : await freePort();
const config = loadConfig(overlay(benchDefaults(port), overrides));
const app = await startApp(config);

let requests = 0;
app.server.ext('onRequest', (_request, h) => {
  requests++;
  return h.continue;
});

let profiler: Session | undefined;

async function profileStart(): Promise<void> {
  profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}

async function profileStop(request: Request): Promise<string> {
  if (!profiler) throw new Error('no profile is being recorded');
  const { profile } = await profiler.post('Profiler.stop');
  profiler.disconnect();
  profiler = undefined;
  const file = String(request.file);
  writeFileSync(file, JSON.stringify(profile));
  return file;
}

serveRequests(
  {
    stats: (): ServerStats => ({ pid: process.pid, requests, rss: process.memoryUsage.rss() }),
    profileStart,
    profileStop,
  },
  () => app.stop(),
);
announceReady({
  origin: app.origin,
  publicUrl: config.publicUrl,
  pid: process.pid,
} satisfies ServerInfo);
