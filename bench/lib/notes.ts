// The closing notes under the table: each missed target with the numbers
// behind it and how busy the rest of the machine was meanwhile; then what a
// reader needs to judge the run (thread pool, client-limited read runs,
// other load); then, for CPU-bound misses (or with --profile), where the
// server's main thread spent its time.
import type { ProfileRun } from '../measures/profile.js';
import { missed, type Row } from './table.js';
import { fmt } from './stats.js';
import { QUIET_CORES } from './others.js';

interface Machine {
  nproc: number;
  uvThreadpoolSize: number;
  /** Seconds the run waited for other processes to quiet down before its windows. */
  quietWaitSeconds: number;
}

/** Other processes busier than this (in cores) are worth a mention: they disturbed a window. */
const BUSY_OTHERS = QUIET_CORES;

function othersText(row: Row): string {
  return row.others !== undefined && Number.isFinite(row.others)
    ? `other processes used ${fmt(row.others, 2)} cores meanwhile`
    : 'other processes were not measured';
}

/** Item 1 alternates its windows; what each got, and how busy the rest of the machine was. */
function windowsText(row: Row): string {
  const d = row.data as { windowRates?: number[]; othersCoresPerWindow?: number[] } | undefined;
  if (!d?.windowRates || !d.othersCoresPerWindow) return '';
  const names = ['scrypt', 'logins', 'logins', 'scrypt'];
  const parts = d.windowRates.map(
    (rate, i) =>
      `${names[i] ?? '?'} ${fmt(rate, 2)}/s with others at ${fmt(d.othersCoresPerWindow?.[i] ?? NaN, 2)} cores`,
  );
  return ` Windows in order: ${parts.join('; ')}.`;
}

function missedNote(row: Row, profiled: boolean): string {
  const profile = profiled && (row.item === 1 || row.item === 2) ? '; profile below' : '';
  return (
    `- Missed (item ${row.item}): ${row.measure}: ${row.value} against ${row.baseline}, ` +
    `target ${row.target} (${othersText(row)}${profile}).${windowsText(row)}`
  );
}

/** A read run whose server used less than this many cores was held back by the client. */
const CLIENT_BOUND_CORES = 0.9;

function readsNotes(rows: readonly Row[]): string[] {
  return rows
    .filter((r) => r.item === 4 && r.data)
    .map((r) => {
      const d = r.data as { store: string; serverCpuCores: number; bareCpuCores: number };
      const held = Math.min(d.serverCpuCores, d.bareCpuCores) < CLIENT_BOUND_CORES;
      return (
        `- Reads (${d.store}): the server used ${fmt(d.serverCpuCores, 2)} cores, the bare ` +
        `route ${fmt(d.bareCpuCores, 2)}` +
        (held
          ? `; a side under ${CLIENT_BOUND_CORES} was held back by the client, so compare ` +
            'requests per server CPU-second'
          : '') +
        (d.store === 'mysql' ? ' (the MySQL server’s own CPU is in neither figure).' : '.')
      );
    });
}

function othersNote(rows: readonly Row[], machine: Machine): string[] {
  const measured = rows.map((r) => r.others ?? Number.NaN).filter(Number.isFinite);
  if (measured.length === 0) return ["- Other processes' CPU use was not measured (no /proc)."];
  const busy = rows.filter((r) => r.others !== undefined && r.others > BUSY_OTHERS);
  const worst = Math.max(...measured);
  const lines = [
    `- Other processes on the machine (not this run's, not the MySQL server) used at most ` +
      `${fmt(worst, 2)} of ${machine.nproc} cores during any measured window` +
      (busy.length > 0
        ? `; above ${BUSY_OTHERS} in: ${[...new Set(busy.map((r) => `item ${r.item}`))].join(', ')}. ` +
          'Those rows compare windows that did not have the machine to themselves.'
        : '.'),
  ];
  if (machine.quietWaitSeconds >= 1) {
    lines.push(
      `- The run waited ${fmt(machine.quietWaitSeconds, 1)} s in all for other processes to ` +
        'quiet down before starting windows.',
    );
  }
  return lines;
}

export function closingNotes(
  rows: readonly Row[],
  profiles: readonly ProfileRun[],
  machine: Machine,
): string {
  const lines = ['Notes:'];
  const misses = missed(rows);
  const profiledLogins = profiles.some((p) => p.load === 'logins');
  if (misses.length === 0) lines.push('- Every target was met.');
  lines.push(...misses.map((r) => missedNote(r, profiledLogins)));
  lines.push(
    `- Every measured process is forked the same way, with a libuv thread pool of ` +
      `${machine.uvThreadpoolSize}; scrypt runs there, so at most that many hashes run at once per process.`,
  );
  lines.push(...readsNotes(rows), ...othersNote(rows, machine));
  for (const p of profiles) {
    lines.push(
      '',
      `CPU profile of the server's main thread under ${p.load} (${p.file}). Scrypt runs on ` +
        'the thread pool and shows here as idle time. The profile samples wall time: a native ' +
        'call (writev above all) also collects the time the thread spent in the kernel or ' +
        'waiting for a CPU, e.g. after waking the client.',
      '```',
      p.text,
      '```',
    );
  }
  return lines.join('\n');
}
