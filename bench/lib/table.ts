// The one table the bench prints: every figure beside the baseline it was
// measured against in the same run, the ratio, the target and whether it
// was met. The same rows, with their raw numbers, go into the JSON file.

/** true/false for a target; null when the row only reports; 'skipped' when it could not run. */
export type Met = boolean | null | 'skipped';

export interface Row {
  /** Issue item number (1-6), so the rows map back to the spec. */
  item: number;
  measure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  met: Met;
  /** Cores the rest of the machine used while this row was measured (the busiest window). */
  others?: number;
  /** Raw numbers behind the row, for the JSON file. */
  data?: Record<string, unknown>;
}

const metText = (met: Met): string =>
  met === true ? 'met' : met === false ? '**missed**' : met === 'skipped' ? 'skipped' : '—';

const cell = (text: string): string => text.replaceAll('|', '\\|');

export function markdownTable(rows: readonly Row[]): string {
  const lines = [
    '| # | measure | value | baseline | ratio | target | met? |',
    '| --- | --- | ---: | ---: | ---: | --- | --- |',
  ];
  for (const r of rows) {
    const cells = [
      String(r.item),
      r.measure,
      r.value,
      r.baseline,
      r.ratio,
      r.target,
      metText(r.met),
    ];
    lines.push(`| ${cells.map(cell).join(' | ')} |`);
  }
  return lines.join('\n');
}

export function skippedRow(item: number, measure: string, why: string): Row {
  return { item, measure, value: why, baseline: '—', ratio: '—', target: '—', met: 'skipped' };
}

/** Rows whose target was missed. */
export const missed = (rows: readonly Row[]): Row[] => rows.filter((r) => r.met === false);
