// The sink's memory: parsed messages per recipient address, oldest first.
// A development server can run for days, so the store is capped twice: per
// address (a test that loops on one account) and in total (a script that
// signs up thousands). Past a cap the oldest messages go first. A plain
// array scanned per call is enough at these sizes and keeps the order obvious.

/** A received message as the HTTP API returns it. */
export interface Mail {
  /** Header names lower-cased; for a repeated header, its first occurrence. */
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
}

export interface StoreLimits {
  perAddress: number;
  total: number;
}

export const DEFAULT_LIMITS: StoreLimits = { perAddress: 100, total: 10_000 };

interface Entry {
  address: string;
  mail: Mail;
}

export class MailStore {
  private entries: Entry[] = [];

  constructor(private readonly limits: StoreLimits = DEFAULT_LIMITS) {}

  add(recipient: string, mail: Mail): void {
    const address = normalize(recipient);
    this.entries.push({ address, mail });
    const mine = this.entries.filter((e) => e.address === address);
    if (mine.length > this.limits.perAddress && mine[0]) {
      this.entries.splice(this.entries.indexOf(mine[0]), 1);
    }
    if (this.entries.length > this.limits.total) {
      this.entries.splice(0, this.entries.length - this.limits.total);
    }
  }

  list(recipient: string): Mail[] {
    const address = normalize(recipient);
    return this.entries.filter((e) => e.address === address).map((e) => e.mail);
  }

  clear(recipient: string): void {
    const address = normalize(recipient);
    this.entries = this.entries.filter((e) => e.address !== address);
  }

  get size(): number {
    return this.entries.length;
  }
}

const normalize = (address: string): string => address.trim().toLowerCase();
