// The runner half of the bench's process protocol (see ipc.ts): forks a
// bench entry under tsx, waits for its `ready`, sends it requests and stops
// it. Every measured process is forked the same way, with the same
// environment (so the same libuv thread pool size), which is what lets a
// server and its baseline be compared.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Reply } from './ipc.js';

export interface Child<Info> {
  pid: number;
  info: Info;
  request<T>(type: string, fields?: Record<string, unknown>): Promise<T>;
  stop(): Promise<void>;
}

export interface ForkOptions {
  /** Extra Node flags, e.g. --cpu-prof. */
  execArgv?: string[];
  readyTimeoutMs?: number;
}

const STOP_TIMEOUT_MS = 20_000;

/** The path of a file under bench/, from bench/lib. */
export const benchFile = (name: string): string =>
  fileURLToPath(new URL(`../${name}`, import.meta.url));

export async function forkChild<Info>(
  entry: string,
  args: string[],
  opts: ForkOptions = {},
): Promise<Child<Info>> {
  const proc = fork(benchFile(entry), args, {
    execArgv: ['--import', 'tsx', ...(opts.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const info = await waitReady<Info>(proc, entry, opts.readyTimeoutMs ?? 60_000);
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  proc.on('message', (message: Reply) => {
    if (message.type !== 'reply') return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error !== undefined) waiter?.reject(new Error(`${entry}: ${message.error}`));
    else waiter?.resolve(message.result);
  });
  proc.once('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`${entry} exited (${code})`));
    pending.clear();
  });

  return {
    pid: proc.pid ?? 0,
    info,
    request<T>(type: string, fields: Record<string, unknown> = {}) {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        proc.send({ ...fields, type, id });
      });
    },
    stop: () => stopChild(proc),
  };
}

function waitReady<Info>(proc: ChildProcess, entry: string, timeoutMs: number): Promise<Info> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`${entry} did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited (${code}) before it was ready`));
    };
    proc.once('exit', onExit);
    proc.on('message', function onReady(message: { type: string; info?: Info }) {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      proc.off('exit', onExit);
      proc.off('message', onReady);
      resolve(message.info as Info);
    });
  });
}

/** Asks the child to stop (so profiles are written), and kills it if it hangs. */
function stopChild(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
    proc.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    if (proc.connected) proc.send({ type: 'stop', id: 0 });
    else proc.kill('SIGTERM');
  });
}
