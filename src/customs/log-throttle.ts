// Rate-limited warnings. While Redis is down every request and every
// reconnect attempt fails the same way; one line per topic per interval,
// with the count of lines held back, tells the operator as much without
// flooding the log.

import type { Logger } from '../log.js';

export const LOG_INTERVAL_MS = 10_000;

export class LogThrottle {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly log: Logger,
    private readonly clock: () => number,
    private readonly intervalMs = LOG_INTERVAL_MS,
  ) {}

  warn(topic: string, fields: Record<string, unknown>, msg: string): void {
    const now = this.clock();
    const seen = this.last.get(topic);
    if (seen && now - seen.at < this.intervalMs) {
      seen.suppressed += 1;
      return;
    }
    const suppressed = seen?.suppressed ?? 0;
    this.last.set(topic, { at: now, suppressed: 0 });
    this.log.warn(suppressed > 0 ? { ...fields, suppressed } : fields, msg);
  }

  /** Whether anything was logged under `topic` since the last `forget`. */
  forget(topic: string): boolean {
    return this.last.delete(topic);
  }
}
