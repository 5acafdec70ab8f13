// A MariaDB server of a test's own: a fresh data directory and a free port,
// so a test can kill it, freeze it (SIGSTOP) or restart it without touching
// the shared instance every other suite uses. Grants are skipped: the server
// listens on loopback only and lives as long as the test.
//
// Starting one costs about a second (the data directory is initialised by
// mariadb-install-db); stop() removes the directory again.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createConnection } from 'mysql2/promise';
import { freePort } from './server.js';

export const MARIADBD = process.env.TEST_MARIADBD ?? '/usr/sbin/mariadbd';
const INSTALL_DB = process.env.TEST_MARIADB_INSTALL_DB ?? 'mariadb-install-db';
const READY_WITHIN_MS = 30_000;

export interface PrivateMariadb {
  /** mysql://root@127.0.0.1:<port>/<database>, a URL the server's config takes. */
  url(database: string): string;
  port: number;
  /** SIGKILL: the server vanishes mid-conversation, as after a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** SIGSTOP: the process keeps its sockets open but answers nothing. */
  freeze(): void;
  thaw(): void;
  /** Kills it (if running) and removes its data directory. */
  stop(): Promise<void>;
}

/** Why a private MariaDB cannot run here, or undefined when it can. */
export function privateMariadbUnavailable(): string | undefined {
  const probe = spawnSync(MARIADBD, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return `no ${MARIADBD} (set TEST_MARIADBD)`;
  return undefined;
}

export async function startPrivateMariadb(): Promise<PrivateMariadb> {
  const dir = await mkdtemp(join(tmpdir(), 'fxa-test-mariadb-'));
  const datadir = join(dir, 'data');
  const install = spawnSync(
    INSTALL_DB,
    [
      '--no-defaults',
      `--datadir=${datadir}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--skip-name-resolve',
      ...(process.getuid?.() === 0 ? ['--user=root'] : []),
    ],
    { encoding: 'utf8' },
  );
  if (install.status !== 0) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`mariadb-install-db failed: ${install.stderr || install.error?.message}`);
  }
  const port = await freePort();
  const args = [
    '--no-defaults',
    `--datadir=${datadir}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${join(dir, 'mysqld.sock')}`,
    `--pid-file=${join(dir, 'mysqld.pid')}`,
    `--log-error=${join(dir, 'error.log')}`,
    '--skip-grant-tables',
    '--skip-log-bin',
    '--performance-schema=0',
    // Small enough that several can run beside the shared instance.
    '--innodb-buffer-pool-size=16M',
    '--innodb-log-file-size=8M',
    ...(process.getuid?.() === 0 ? ['--user=root'] : []),
  ];

  let child: ChildProcess | undefined;
  let exited: Promise<unknown> = Promise.resolve();

  async function start(): Promise<void> {
    if (child) throw new Error('the private MariaDB is already running');
    const proc = spawn(MARIADBD, args, { stdio: 'ignore' });
    child = proc;
    exited = new Promise((resolve) => proc.once('exit', resolve));
    void exited.then(() => {
      if (child === proc) child = undefined;
    });
    const deadline = Date.now() + READY_WITHIN_MS;
    for (;;) {
      if (child !== proc) throw new Error('the private MariaDB exited while starting');
      if (await answers(port)) return;
      if (Date.now() > deadline) throw new Error(`the private MariaDB did not start on ${port}`);
      await sleep(50);
    }
  }

  async function kill(): Promise<void> {
    const proc = child;
    if (!proc) return;
    proc.kill('SIGCONT'); // a frozen process only dies once it runs again
    proc.kill('SIGKILL');
    await exited;
  }

  const signal = (name: NodeJS.Signals) => {
    if (!child) throw new Error('the private MariaDB is not running');
    child.kill(name);
  };

  await start();
  return {
    url: (database) => `mysql://root@127.0.0.1:${port}/${database}`,
    port,
    kill,
    start,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    async stop() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function answers(port: number): Promise<boolean> {
  try {
    const conn = await createConnection({
      host: '127.0.0.1',
      port,
      user: 'root',
      connectTimeout: 1000,
    });
    await conn.end();
    return true;
  } catch {
    return false;
  }
}
