// Reads a server's /metrics the way Prometheus does, and finds series in the
// text exposition format by name and labels, so tests assert on what a
// scrape really returns.

export interface Series {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** `name{a="1",b="2"} 3` lines; comments and blank lines are skipped. */
export function parseExposition(text: string): Series[] {
  const out: Series[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key!] = raw!.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
    }
    out.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return out;
}

export class Scrape {
  readonly series: Series[];

  constructor(readonly text: string) {
    this.series = parseExposition(text);
  }

  /** Every series of `name` whose labels include `labels`. */
  find(name: string, labels: Record<string, string> = {}): Series[] {
    return this.series.filter(
      (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
    );
  }

  /** The sum over the series `find` returns; 0 when there are none. */
  value(name: string, labels: Record<string, string> = {}): number {
    return this.find(name, labels).reduce((sum, s) => sum + s.value, 0);
  }

  has(name: string): boolean {
    return this.series.some((s) => s.name === name);
  }
}

export async function scrape(url: string, token: string): Promise<Scrape> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return new Scrape(await res.text());
}
