// What every measurement shares: the machine, the concurrency and windows of
// this run, and how to start the processes it measures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forkChild, type Child } from './child.js';
import { createMysqlDatabase } from './mysql.js';
import type { ServerInfo } from '../server.js';

export type StoreKind = 'sqlite' | 'mysql';

export interface BenchContext {
  cores: number;
  /** In-flight logins, sign-ups and hashes: at least twice the cores. */
  concurrency: number;
  /** Connections for the cheap-read throughput runs. */
  readConnections: number;
  /** scrypt.maxPending of every server in this run. */
  maxPending: number;
  warmupMs: number;
  measureMs: number;
  overloadMs: number;
  /** Makes emails unique to this run. */
  tag: string;
  progress(message: string): void;
}

export interface RunningServer {
  store: StoreKind;
  child: Child<ServerInfo>;
  origin: string;
  publicUrl: string;
  /** The database the server runs on, for the floor route (measures/reads.ts). */
  databaseUrl: string;
  /** Stops the server and removes its database. */
  stop(): Promise<void>;
}

const running = new Set<RunningServer>();

/** Stops every server still running and drops its database, e.g. on Ctrl-C. */
export async function stopAllServers(): Promise<void> {
  await Promise.allSettled([...running].map((server) => server.stop()));
}

/**
 * Starts the auth server (bench/server.ts, or bench/cluster.ts when
 * `cluster` is set) on a fresh database of the given kind.
 */
export async function startServer(
  ctx: BenchContext,
  store: StoreKind,
  opts: { cluster?: boolean; execArgv?: string[] } = {},
): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fxa-bench-'));
  const mysql = store === 'mysql' ? await createMysqlDatabase() : undefined;
  const overrides = {
    dataDir,
    database: { url: mysql?.url ?? `sqlite:${join(dataDir, 'fxa.sqlite')}` },
    scrypt: { maxPending: ctx.maxPending },
  };
  const cleanup = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await mysql?.drop();
  };
  let child: Child<ServerInfo>;
  try {
    child = await forkChild<ServerInfo>(
      opts.cluster ? 'cluster.ts' : 'server.ts',
      [JSON.stringify(overrides)],
      { execArgv: opts.execArgv },
    );
  } catch (err) {
    await cleanup();
    throw err;
  }
  const server: RunningServer = {
    store,
    child,
    origin: child.info.origin,
    publicUrl: child.info.publicUrl,
    databaseUrl: overrides.database.url,
    async stop() {
      running.delete(server);
      await child.stop();
      await cleanup();
    },
  };
  running.add(server);
  return server;
}
