// Reads the mail the server really sent, through the mail sink's HTTP API
// (src/mail-sink). Mail is delivered off the request path, so a test that
// has just signed up waits for the message rather than expecting it to be
// there already.
import type { Mail } from '../../src/mail-sink/index.js';

export type { Mail } from '../../src/mail-sink/index.js';

export interface WaitOptions {
  /** How many matching messages to wait for; default 1. */
  count?: number;
  /** Default 5000. */
  timeoutMs?: number;
  /** Only messages this accepts count, e.g. (m) => m.headers['x-verify-code'] !== undefined. */
  match?: (m: Mail) => boolean;
}

const POLL_MS = 25;

export class Mailbox {
  constructor(private readonly httpUrl: string) {}

  /** Every message to `email`, oldest first. */
  async messages(email: string): Promise<Mail[]> {
    const res = await fetch(this.url(email));
    if (!res.ok) throw new Error(`mail sink answered ${res.status} for ${email}`);
    return (await res.json()) as Mail[];
  }

  async clear(email: string): Promise<void> {
    const res = await fetch(this.url(email), { method: 'DELETE' });
    if (!res.ok) throw new Error(`mail sink answered ${res.status} for ${email}`);
    await res.body?.cancel();
  }

  /** Resolves with the matching messages, oldest first, once there are at least `count`. */
  async waitFor(email: string, opts: WaitOptions = {}): Promise<Mail[]> {
    const { count = 1, timeoutMs = 5000, match = () => true } = opts;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = (await this.messages(email)).filter(match);
      if (found.length >= count) return found;
      if (Date.now() >= deadline) {
        throw new Error(
          `expected ${count} message(s) to ${email} within ${timeoutMs} ms, got ${found.length}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private url(email: string): string {
    return `${this.httpUrl}/mail/${encodeURIComponent(email)}`;
  }
}
