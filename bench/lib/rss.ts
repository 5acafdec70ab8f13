// Memory and CPU of a process, read from outside it through /proc, so the
// measured server does no extra work to report them. VmHWM is the kernel's
// own peak RSS; writing 5 to clear_refs resets it, so a peak can be taken
// over one phase. Where /proc is missing (macOS), the runner's sampler falls
// back to asking the process itself.
import { readFileSync, writeFileSync } from 'node:fs';
import { readProc } from './others.js';
import { nowMs, sleep } from './stats.js';

const MiB = 1024 * 1024;

export const hasProc = (pid: number): boolean => {
  try {
    readFileSync(`/proc/${pid}/status`, 'utf8');
    return true;
  } catch {
    return false;
  }
};

function statusField(pid: number, field: string): number {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? (Number(match[1]) * 1024) / MiB : Number.NaN;
}

/** Resident set size in MiB. */
export const rssMiB = (pid: number): number => statusField(pid, 'VmRSS');

/** Peak resident set size in MiB since start or since resetPeakRss. */
export const peakRssMiB = (pid: number): number => statusField(pid, 'VmHWM');

export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** CPU seconds (user + system, all threads) the process has used; NaN once it is gone. */
export const cpuSeconds = (pid: number): number => readProc(pid)?.cpu ?? Number.NaN;

export interface RssSampler {
  stop(): { peakMiB: number; samples: number; timeline: Array<[number, number]> };
}

/** Reads RSS every `intervalMs` until stopped; `read` returns MiB. */
export function sampleRss(read: () => Promise<number> | number, intervalMs = 100): RssSampler {
  const start = nowMs();
  const timeline: Array<[number, number]> = [];
  let peak = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    Promise.resolve(read())
      .then((mib) => {
        peak = Math.max(peak, mib);
        timeline.push([Math.round(nowMs() - start), Math.round(mib)]);
      })
      .catch(() => undefined)
      .finally(() => {
        busy = false;
      });
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return { peakMiB: peak, samples: timeline.length, timeline };
    },
  };
}

/**
 * Waits until `pid` has been all but idle for half a second (under 2% of a
 * core), or `maxMs` has passed: what a setup leaves running, such as the
 * mail its sign-ins sent, would otherwise be counted against the requests
 * measured next.
 */
export async function settle(pid: number, maxMs = 10_000): Promise<void> {
  if (!hasProc(pid)) return;
  const until = nowMs() + maxMs;
  let last = cpuSeconds(pid);
  while (nowMs() < until) {
    await sleep(500);
    const now = cpuSeconds(pid);
    if (now - last < 0.01) return;
    last = now;
  }
}
