// Small number helpers shared by the measurements: percentiles over raw
// samples, medians, and the rounding used in the printed table.

/** The q-quantile (0..1) of `samples` by the nearest-rank method; NaN when empty. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export const median = (samples: readonly number[]): number => percentile(samples, 0.5);

/** A fixed-precision number, or "n/a" for NaN and infinities. */
export function fmt(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

export function percent(part: number, whole: number, digits = 2): string {
  return whole === 0 ? 'n/a' : `${((100 * part) / whole).toFixed(digits)}%`;
}

export const ratio = (value: number, baseline: number): number =>
  baseline > 0 ? value / baseline : Number.NaN;

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Milliseconds since an arbitrary origin, from the monotonic clock. */
export const nowMs = (): number => performance.now();
