// Runs the server in a child process, for stories that need more than one
// server process (shared rate limits) rather than more than one server, or
// one that can die without warning (kill: SIGKILL, no shutdown at all).
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, merge, onFreshPort, type Tree } from './server.js';

export interface ServerProcess {
  origin: string;
  stop(): Promise<void>;
  /** SIGKILL: the process dies mid-request, with no chance to finish or roll back anything. */
  kill(): Promise<void>;
}

export function startServerProcess(opts: {
  databaseUrl: string;
  config?: Tree;
}): Promise<ServerProcess> {
  // The child's exit code cannot tell a taken port from other failures;
  // those fail three times instead of once, which is still a failure.
  return onFreshPort(
    () => startOnce(opts),
    (err) => err instanceof ChildExited,
  );
}

class ChildExited extends Error {}

async function startOnce(opts: { databaseUrl: string; config?: Tree }): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'fxa-test-process-'));
  const config = merge(
    {
      env: 'test',
      publicUrl: `http://127.0.0.1:${port}`,
      listen: { host: '127.0.0.1', port },
      dataDir,
      database: { url: opts.databaseUrl },
      log: { level: 'warn' },
      mail: { sink: { enabled: true, smtpPort: 0, httpPort: 0 } },
    },
    opts.config ?? {},
  );
  const child: ChildProcess = fork(new URL('./server-child.ts', import.meta.url).pathname, {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, FXA_TEST_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const origin = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { origin: string }).origin));
    child.once('exit', (code) => {
      rmSync(dataDir, { recursive: true, force: true });
      reject(new ChildExited(`server process exited with ${code}`));
    });
  });
  return {
    origin,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
    async kill() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
