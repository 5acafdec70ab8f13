// npm run bench:web [-- --runs 20]
//
// What the pages cost a person opening them: the bytes of the script and
// stylesheet the pages load, gzipped, and the time from navigation to the
// sign-in page's email field being there to type into, in headless
// Chromium against a local server. The baseline for the time is a bare
// HTML page with one email field, served by the same server under the same
// headers in the same run, so the ratio shows what the app itself adds
// over the browser, the loopback and hapi. Each visit is a fresh browser
// context (nothing cached, as a first visit); the warm rows reload in it.
// Prints the table, and writes it with the raw numbers to
// bench/results/<date>-web.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { buildWeb, WEB_DIST } from '../scripts/build-web.js';
import { createTestDatabase } from '../test/helpers/databases.js';
import { startTestServer } from '../test/helpers/server.js';
import { fmt, median, percentile, ratio } from './lib/stats.js';
import { markdownTable, type Row } from './lib/table.js';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '20' } } });
const RUNS = Number(args.runs);
if (!(RUNS >= 1)) {
  console.error(`--runs must be a positive number, not ${args.runs}`);
  process.exit(2);
}
const SIZE_TARGET_KB = 60;
const TIME_TARGET_MS = 300;
const BARE_PATH = '/__bench/bare';
// The same field the sign-in page renders, on a page with nothing else.
const BARE_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width, initial-scale=1"><title>bare</title></head>' +
  '<body><label for="email">Email</label><input type="email" id="email"></body></html>';

// Runs in the page before its own script: the moment (ms after navigation
// started, performance.now()) the email field exists and can take input.
const WATCH_FIELD = `
  (() => {
    const check = () => {
      const el = document.getElementById('email');
      if (el && !el.disabled && el.getClientRects().length > 0) {
        window.__fieldReady = performance.now();
        return true;
      }
      return false;
    };
    if (check()) return;
    const watch = new MutationObserver(() => { if (check()) watch.disconnect(); });
    watch.observe(document, { childList: true, subtree: true });
  })();
`;

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function assetSizes(): { js: number; css: number; jsRaw: number; cssRaw: number } {
  const shell = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
  const files = [...shell.matchAll(/(?:src|href)="\/assets\/([^"]+)"/g)].map((m) => m[1] ?? '');
  const read = (ext: string) => {
    const name = files.find((f) => f.endsWith(ext));
    if (!name) throw new Error(`the shell loads no ${ext}`);
    return readFileSync(join(WEB_DIST, 'assets', name));
  };
  const js = read('.js');
  const css = read('.css');
  return {
    js: gzipSync(js).length,
    css: gzipSync(css).length,
    jsRaw: js.length,
    cssRaw: css.length,
  };
}

interface Visit {
  cold: number;
  warm: number;
}

/** One fresh context: the first load, then a reload with the assets cached. */
async function visit(browser: Browser, url: string): Promise<Visit> {
  const context = await browser.newContext();
  try {
    await context.addInitScript(WATCH_FIELD);
    const page = await context.newPage();
    const ready = async () => {
      await page.waitForFunction(() => (window as { __fieldReady?: number }).__fieldReady);
      return page.evaluate(() => (window as unknown as { __fieldReady: number }).__fieldReady);
    };
    await page.goto(url, { waitUntil: 'commit' });
    const cold = await ready();
    await page.reload({ waitUntil: 'commit' });
    const warm = await ready();
    return { cold, warm };
  } finally {
    await context.close();
  }
}

const kb = (bytes: number) => `${fmt(bytes / 1024)} KB`;
const ms = (value: number) => `${fmt(value)} ms`;

async function main() {
  // What else the machine is doing matters to the times: said beside them.
  const loadAtStart = loadavg()[0] ?? 0;
  await buildWeb();
  const sizes = assetSizes();
  const db = await createTestDatabase('sqlite');
  const server = await startTestServer({ databaseUrl: db.url, config: { log: { level: 'warn' } } });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
  try {
    server.app.server.route({
      method: 'GET',
      path: BARE_PATH,
      options: { auth: false },
      handler: (_request, h) =>
        h.response(BARE_HTML).type('text/html; charset=utf-8').header('cache-control', 'no-cache'),
    });
    const app: Visit[] = [];
    const bare: Visit[] = [];
    // One of each first, unmeasured: the browser's own first start-up costs.
    await visit(browser, `${server.origin}/`);
    await visit(browser, `${server.origin}${BARE_PATH}`);
    for (let i = 0; i < RUNS; i++) {
      // Interleaved, so a busy moment on the machine hits both alike.
      app.push(await visit(browser, `${server.origin}/`));
      bare.push(await visit(browser, `${server.origin}${BARE_PATH}`));
      process.stderr.write(`\rvisits ${i + 1}/${RUNS}`);
    }
    process.stderr.write('\n');
    const rows: Row[] = [
      sizeRow('script, gzipped', sizes.js, sizes.jsRaw),
      sizeRow('stylesheet, gzipped', sizes.css, sizes.cssRaw),
      {
        item: 1,
        measure: 'script + stylesheet, gzipped',
        value: kb(sizes.js + sizes.css),
        baseline: '—',
        ratio: '—',
        target: `< ${SIZE_TARGET_KB} KB`,
        met: sizes.js + sizes.css < SIZE_TARGET_KB * 1024,
      },
      ...timeRows(
        'first visit',
        app.map((v) => v.cold),
        bare.map((v) => v.cold),
        true,
      ),
      ...timeRows(
        'reload (cached)',
        app.map((v) => v.warm),
        bare.map((v) => v.warm),
        false,
      ),
    ];
    console.log(markdownTable(rows));
    console.log(
      `\n${RUNS} visits each, interleaved, headless Chromium ${browser.version()}; ` +
        `time = navigation start to the email field in the DOM, rendered and enabled.\n` +
        `Load average (1 min) ${fmt(loadAtStart, 2)} at the start, ${fmt(loadavg()[0] ?? 0, 2)} ` +
        `at the end, on ${availableParallelism()} cores.`,
    );
    const out = fileURLToPath(new URL('results/', import.meta.url));
    mkdirSync(out, { recursive: true });
    const date = new Date().toISOString().slice(0, 10);
    const file = join(out, `${date}-web.json`);
    writeFileSync(
      file,
      JSON.stringify({ date, runs: RUNS, loadAtStart, sizes, app, bare, rows }, null, 2),
    );
    console.error(`wrote ${file}`);
  } finally {
    await browser.close();
    await server.stop();
    await db.drop();
  }
}

function sizeRow(measure: string, gz: number, raw: number): Row {
  return {
    item: 1,
    measure,
    value: kb(gz),
    baseline: `${kb(raw)} raw`,
    ratio: fmt(ratio(gz, raw), 2),
    target: '—',
    met: null,
  };
}

function timeRows(what: string, app: number[], bare: number[], targeted: boolean): Row[] {
  return (
    [
      ['median', 0.5],
      ['p90', 0.9],
    ] as const
  ).map(([name, q]) => {
    const value = q === 0.5 ? median(app) : percentile(app, q);
    const base = q === 0.5 ? median(bare) : percentile(bare, q);
    return {
      item: 2,
      measure: `email field usable, ${what}, ${name}`,
      value: ms(value),
      baseline: `${ms(base)} bare page`,
      ratio: `${fmt(ratio(value, base), 2)}×`,
      target: targeted ? `< ${TIME_TARGET_MS} ms` : '—',
      met: targeted ? value < TIME_TARGET_MS : null,
      data: { app, bare },
    };
  });
}

await main();
