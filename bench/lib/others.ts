// How much CPU the rest of the machine took while a window was measured:
// all busy CPU time (/proc/stat) minus the time of this run's own processes
// (the runner and every process under it) and of the MySQL server. Every
// ratio in the table compares two windows; another program busy in one of
// them and not the other moves the ratio, and this is how a reader can
// tell. Where /proc is missing the figure is NaN.
import { readdirSync, readFileSync } from 'node:fs';

const DATABASE_SERVERS = new Set(['mariadbd', 'mysqld']);
const USER_HZ = 100;

export interface Proc {
  pid: number;
  ppid: number;
  name: string;
  cpu: number;
}

/** A process's parent, name and CPU seconds (user + system, all threads) from /proc. */
export function readProc(pid: number): Proc | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const name = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const cpu = (Number(fields[11]) + Number(fields[12])) / USER_HZ;
    return { pid, ppid: Number(fields[1]), name, cpu };
  } catch {
    return undefined; // it exited while we looked
  }
}

/** CPU seconds used by this run's processes and the database server, so far. */
function ownCpuSeconds(): number {
  const procs = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => readProc(Number(entry)))
    .filter((p): p is Proc => p !== undefined);
  const children = new Map<number, Proc[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  let total = 0;
  const visit = (p: Proc) => {
    total += p.cpu;
    for (const child of children.get(p.pid) ?? []) visit(child);
  };
  const self = procs.find((p) => p.pid === process.pid);
  if (self) visit(self);
  for (const p of procs) if (DATABASE_SERVERS.has(p.name)) total += p.cpu;
  return total;
}

/** Busy CPU seconds of the whole machine so far (everything but idle and iowait). */
function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, ...ticks] = line.trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is inside user)
  const busy = ticks.slice(0, 8).reduce((sum, t, i) => (i === 3 || i === 4 ? sum : sum + t), 0);
  return busy / USER_HZ;
}

export interface OthersMeter {
  /** Average cores the rest of the machine used since the meter started. */
  stop(): number;
}

export function meterOthers(): OthersMeter {
  let start: { at: number; busy: number; own: number } | undefined;
  try {
    start = { at: performance.now(), busy: machineBusySeconds(), own: ownCpuSeconds() };
  } catch {
    start = undefined;
  }
  return {
    stop() {
      if (!start) return Number.NaN;
      const seconds = (performance.now() - start.at) / 1000;
      const others = machineBusySeconds() - start.busy - (ownCpuSeconds() - start.own);
      return Math.max(0, others / seconds);
    },
  };
}

/** Other processes below this many cores leave the machine quiet enough to measure. */
export const QUIET_CORES = 0.2;
const QUIET_WAIT_MS = 15_000;
const QUIET_BUDGET_MS = 60_000;
let waitedMs = 0;

/**
 * Waits (up to 15 s, and 60 s over the whole run) until the rest of the
 * machine uses less than QUIET_CORES, so a window does not start in the
 * middle of someone else's test run. Returns at once where /proc is missing.
 */
export async function waitQuiet(): Promise<void> {
  const start = performance.now();
  while (performance.now() - start < QUIET_WAIT_MS && waitedMs < QUIET_BUDGET_MS) {
    const meter = meterOthers();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const others = meter.stop();
    if (!(others >= QUIET_CORES)) break;
    waitedMs += 500;
  }
}

/** Seconds spent in waitQuiet so far. */
export const quietWaitSeconds = (): number => waitedMs / 1000;
