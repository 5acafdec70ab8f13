// Real Chromium (the Debian package, never a downloaded one) driven by
// playwright-core against a test server, for the page stories. Each suite
// gets one server and one browser; each story a fresh context, so tabs
// share nothing unless a story opens two pages in one context on purpose.
//
// Every request a page makes is recorded, so a story can assert that the
// pages load nothing from a third party.
import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { startTestServer, type TestServer, type Tree } from '../helpers/server.js';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Why the page stories cannot run here, for describe's `skip`: without
 * Chromium they are skipped, visibly, except in CI (env CI), where a
 * missing browser must fail rather than pass untested.
 */
export const noChromium: string | false =
  existsSync(CHROMIUM) || process.env.CI
    ? false
    : `${CHROMIUM} is missing (apt-get install chromium)`;
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Stage {
  server: TestServer;
  browser: Browser;
  mailbox: Mailbox;
  /** A fresh context and page; `locale` sets navigator.languages and Accept-Language. */
  open(opts?: { locale?: string; path?: string }): Promise<Visit>;
}

export interface Visit {
  context: BrowserContext;
  page: Page;
  /** Every URL the context requested so far. */
  requests: string[];
}

/** A server (SQLite) and a browser for the enclosing suite, stopped after it. */
export function useStage(config: Tree = {}): () => Stage {
  let db: TestDatabase | undefined;
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  before(async () => {
    db = await createTestDatabase('sqlite');
    server = await startTestServer({ databaseUrl: db.url, config });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });
  after(async () => {
    try {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser?.close();
    } finally {
      await server?.stop();
      await db?.drop();
    }
  });
  return () => {
    if (!server || !browser) throw new Error('the stage did not start');
    const srv = server;
    const b = browser;
    return {
      server: srv,
      browser: b,
      mailbox: new Mailbox(srv.mailSinkUrl),
      async open(opts = {}) {
        const locale = opts.locale ?? 'en-US';
        const context = await b.newContext({
          locale,
          extraHTTPHeaders: { 'accept-language': locale },
        });
        contexts.push(context);
        const requests: string[] = [];
        context.on('request', (r) => requests.push(r.url()));
        const page = await context.newPage();
        if (opts.path !== undefined) await page.goto(`${srv.origin}${opts.path}`);
        return { context, page, requests };
      },
    };
  };
}

/** The mailed 6-digit code and link of the latest verification mail to `email`. */
export async function verificationMail(
  mailbox: Mailbox,
  email: string,
  count = 1,
): Promise<{ code: string; link: string }> {
  const mails = await mailbox.waitFor(email, {
    count,
    match: (m) => m.headers['x-verify-short-code'] !== undefined,
  });
  const last = mails[mails.length - 1]!;
  return { code: last.headers['x-verify-short-code'] ?? '', link: last.headers['x-link'] ?? '' };
}

/** Waits for the step whose heading is `name`. */
export async function onStep(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** Waits for the step whose heading is `name`, and checks that the heading took the focus. */
export async function heading(page: Page, name: string | RegExp): Promise<void> {
  const h1 = page.getByRole('heading', { level: 1, name });
  await h1.waitFor();
  await page.waitForFunction(
    (text) =>
      document.activeElement?.tagName === 'H1' && document.activeElement.textContent === text,
    await h1.textContent(),
  );
}
