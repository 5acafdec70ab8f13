// Runs the server or an operator script as an operator would: a separate
// process, configured by environment variables alone, judged by its exit
// code and what it prints. The environment starts empty but for PATH and
// HOME, so no setting of the test run itself (NODE_ENV=test, a DATABASE_URL)
// leaks into the process under test.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** `node --import tsx src/main.ts`: the server from source, as `npm run dev` starts it. */
export const SERVER_FROM_SOURCE = ['--import', 'tsx', 'src/main.ts'];

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Run as this user and group (only a root test run can). */
  user?: { uid: number; gid: number };
  timeoutMs?: number;
}

function launch(args: string[], env: Record<string, string>, opts: RunOptions): ChildProcess {
  const spawnOpts: SpawnOptions = {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.user ? { uid: opts.user.uid, gid: opts.user.gid } : {}),
  };
  return spawn(process.execPath, args, spawnOpts);
}

/** Runs `node <args>` to its end (killed after timeoutMs, 60 s by default). */
export function runNode(
  args: string[],
  env: Record<string, string>,
  opts: RunOptions = {},
): Promise<Finished> {
  const child = launch(args, env, opts);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
  child.stderr?.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface Running {
  /** Everything printed so far, stdout and stderr together. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node <args>` and resolves once its output matches `ready`; rejects
 * with the output when it exits first or takes longer than timeoutMs.
 */
export function startNode(
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
  opts: RunOptions = {},
): Promise<Running> {
  const child = launch(args, env, opts);
  let text = '';
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const running: Running = {
    output: () => text,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void running.stop().then(() => reject(new Error(`not ready in time:\n${text}`)));
    }, opts.timeoutMs ?? 60_000);
    const onData = (b: Buffer) => {
      text += b.toString('utf8');
      if (ready.test(text)) {
        clearTimeout(timer);
        resolve(running);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before it was ready:\n${text}`));
    });
  });
}
