// How the admin CLI answers: every command returns a Result, printed as
// plain text for a person or, with --json, as one JSON document for a
// script. Failures are AdminError (exit 1) or UsageError (exit 2), with a
// message that says what to do.

export interface Result {
  text: string;
  json: unknown;
}

/** The command could not be carried out: unknown account, nothing answering, ... */
export class AdminError extends Error {
  override name = 'AdminError';
}

/** The command line itself is wrong; the usage is printed with it. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An epoch-ms time as `2026-05-01 12:34:56Z`, or `-` for none. */
export function when(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || ms <= 0) return '-';
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
}

/** Rows under a header, in columns as wide as their widest cell. */
export function table(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  return all
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export const hex = (b: Buffer | null): string | null => (b === null ? null : b.toString('hex'));
