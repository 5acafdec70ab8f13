// npm run screenshot: the sign-in page as the README shows it, taken in
// headless Chromium (the Debian package) at a phone-like 420×720 against a
// throwaway local server, and saved as docs/signin.png.
//
//   tsx scripts/screenshot.ts [--dark] [--out docs/signin.png]
import { mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { createTestDatabase } from '../test/helpers/databases.js';
import { startTestServer } from '../test/helpers/server.js';
import { buildWeb } from './build-web.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    dark: { type: 'boolean', default: false },
    out: { type: 'string', default: join(root, 'docs/signin.png') },
  },
});

await buildWeb();
const db = await createTestDatabase('sqlite');
const server = await startTestServer({ databaseUrl: db.url, config: { log: { level: 'warn' } } });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({
    viewport: { width: 420, height: 720 },
    deviceScaleFactor: 1,
    locale: 'en-US',
    colorScheme: args.dark ? 'dark' : 'light',
  });
  const page = await context.newPage();
  // As Firefox opens it for Sync, so the page shows what a Sync sign-in shows.
  await page.goto(`${server.origin}/?service=sync`);
  await page.getByRole('heading', { level: 1, name: 'Enter your email' }).waitFor();
  await page.getByLabel('Email').fill('you@example.com');
  // The typed text, not a blinking caret caught mid-blink.
  await page.getByLabel('Email').blur();
  mkdirSync(dirname(args.out), { recursive: true });
  await page.screenshot({ path: args.out });
  console.log(`saved ${relative(process.cwd(), args.out)}`);
} finally {
  await browser.close();
  await server.stop();
  await db.drop();
}
