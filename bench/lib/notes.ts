// The closing notes under the table: each missed target with the numbers
// behind it and how busy the rest of the machine was meanwhile; then what a
// reader needs to judge the run (thread pool, client-limited read runs,
// other load); then, for CPU-bound misses (or with --profile), where the
// server's main thread spent its time.
import type { ProfileRun } from '../measures/profile.js';
import { missed, type Row } from './table.js';
import { fmt } from './stats.js';

interface Machine {
  nproc: number;
  uvThreadpoolSize: number;
  loadAvg1mAtStart: number;
}

/** Other processes busier than this (in cores) are worth a mention. */
const BUSY_OTHERS = 0.2;

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

function readsNotes(rows: readonly Row[]): string[] {
  return rows
    .filter((r) => r.item === 4 && r.data)
    .map((r) => {
      const d = r.data as { store: string; serverCpuCores: number; bareCpuCores: number };
      return (
        `- Reads (${d.store}): the server used ${fmt(d.serverCpuCores, 2)} cores, the bare ` +
        `route ${fmt(d.bareCpuCores, 2)}; a side well under 1.0 was held back by the client ` +
        `(which signs every request), so the ratio is also given per server CPU-second` +
        (d.store === 'mysql' ? ' (the MySQL server’s own CPU is not in it).' : '.')
      );
    });
}

function othersNote(rows: readonly Row[], machine: Machine): string[] {
  const busy = rows.filter((r) => r.others !== undefined && r.others > BUSY_OTHERS);
  const worst = Math.max(0, ...rows.map((r) => r.others ?? 0).filter(Number.isFinite));
  const lines = [
    `- Other processes on the machine (not this run's, not the MySQL server) used at most ` +
      `${fmt(worst, 2)} of ${machine.nproc} cores during any measured window` +
      (busy.length > 0
        ? `; above ${BUSY_OTHERS} in: ${[...new Set(busy.map((r) => `item ${r.item}`))].join(', ')}. ` +
          'Those rows compare windows that did not have the machine to themselves.'
        : '.'),
  ];
  if (machine.loadAvg1mAtStart > 0.5 * machine.nproc) {
    lines.push(`- The load average was ${fmt(machine.loadAvg1mAtStart, 2)} when the run started.`);
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
        'the thread pool and shows here as idle time; samples inside a native call include ' +
        'time the thread spent in the kernel.',
      '```',
      p.text,
      '```',
    );
  }
  return lines.join('\n');
}
