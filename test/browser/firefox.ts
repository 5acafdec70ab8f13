// Real Firefox ESR for end-to-end tests: Debian's firefox-esr (153), or ESR
// 140 unpacked by scripts/firefox-esr140.sh, driven by puppeteer-core over
// WebDriver BiDi (firefox.md §5). Each session gets a fresh profile whose
// only account setting is autoconfig pointing at the test server, so the
// browser finds every service the way a self-hoster's Firefox would (§1.1).
//
// Parent-process pages (about:preferences) need system access; the harness
// keeps one such tab open as the "chrome" page, where tests call Firefox's
// own modules (FxAccounts, Places, Weave), and runs sign-in in another tab.
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

export interface FirefoxBuild {
  label: string;
  executablePath: string;
  /** Why this build cannot run here; undefined when it can. */
  missing?: string;
}

const ESR140_BINARY = resolve(
  import.meta.dirname,
  '.firefox-esr140/usr/lib/firefox-esr/firefox-esr',
);

export const ESR153: FirefoxBuild = build(
  'ESR 153',
  '/usr/bin/firefox-esr',
  'apt-get install firefox-esr',
);
export const ESR140: FirefoxBuild = build(
  'ESR 140',
  ESR140_BINARY,
  'run scripts/firefox-esr140.sh',
);

function build(label: string, executablePath: string, remedy: string): FirefoxBuild {
  if (existsSync(executablePath)) return { label, executablePath };
  return {
    label,
    executablePath,
    missing: `Firefox ${label} not found at ${executablePath}; ${remedy}`,
  };
}

/**
 * The `skip` option for a suite on this build: skipped, visibly, on a
 * machine without it, but never in CI (env CI set), where the suite's
 * before() must then fail through requireBuild().
 */
export function skipUnless(b: FirefoxBuild): string | false {
  return b.missing !== undefined && !process.env.CI ? b.missing : false;
}

export function requireBuild(b: FirefoxBuild): void {
  if (b.missing !== undefined) throw new Error(`${b.missing}; CI must run the Firefox tests`);
}

/** The profile file Firefox keeps the account in (firefox.md §3.7). */
export interface SignedInUser {
  version: number;
  accountData: {
    email?: string;
    uid?: string;
    verified?: boolean;
    sessionToken?: string;
    device?: { id?: string };
    oauthTokens?: Record<string, { token: string }>;
    requestedServices?: unknown;
  };
}

// Only what points Firefox at the server, and what keeps it quiet and
// talkative: push goes to a dead port (devices register without a push
// callback), and the account and Sync logs go to stdout (§1.4). Firefox's
// remote agent adds its automation defaults, among them a dummy
// identity.fxaccounts.auth.uri; autoconfig replaces it at sign-in.
function prefsFor(publicUrl: string): Record<string, string | number | boolean> {
  return {
    'identity.fxaccounts.autoconfig.uri': publicUrl,
    'identity.fxaccounts.allowHttp': true,
    'dom.push.serverURL': 'ws://127.0.0.1:9/',
    'dom.push.requestTimeout': 2000,
    'identity.fxaccounts.loglevel': 'Trace',
    'services.sync.log.appender.dump': 'Debug',
    'browser.dom.window.dump.enabled': true,
  };
}

const CLOSE_TIMEOUT_MS = 10_000;

export class Firefox {
  private chromePage: Page | undefined;
  private lastUser: SignedInUser | undefined;
  private keep = false;

  private constructor(
    readonly build: FirefoxBuild,
    readonly browser: Browser,
    private readonly dir: string,
    readonly profileDir: string,
    readonly logFile: string,
  ) {}

  static async launch(b: FirefoxBuild, publicUrl: string): Promise<Firefox> {
    requireBuild(b);
    const dir = mkdtempSync(join(tmpdir(), 'fxa-firefox-'));
    const profileDir = join(dir, 'profile');
    const logFile = join(dir, 'firefox.log');
    let browser: Browser;
    try {
      browser = await puppeteer.launch({
        browser: 'firefox',
        executablePath: b.executablePath,
        headless: true,
        userDataDir: profileDir,
        // puppeteer writes user.js itself, so prefs go through it (§5 a).
        extraPrefsFirefox: prefsFor(publicUrl),
        args: ['--remote-allow-system-access'],
        // Firefox's output goes to the log file rather than the test's.
        dumpio: false,
      });
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    const log = createWriteStream(logFile);
    const child = browser.process();
    child?.stdout?.on('data', (chunk: Buffer) => log.write(chunk));
    child?.stderr?.on('data', (chunk: Buffer) => log.write(chunk));
    // 'close' comes after the last output; 'exit' may come before it.
    child?.once('close', () => log.end());
    return new Firefox(b, browser, dir, profileDir, logFile);
  }

  /** Everything Firefox wrote to stdout and stderr so far. */
  log(): string {
    return existsSync(this.logFile) ? readFileSync(this.logFile, 'utf8') : '';
  }

  /** about:preferences, a parent-process page where Firefox's own modules are in reach. */
  async chrome(): Promise<Page> {
    if (this.chromePage) return this.chromePage;
    const page = await this.browser.newPage();
    // The load event of about: pages never arrives over BiDi (§5 b2); the
    // page is usable once FxAccounts is on its window.
    await page
      .goto('about:preferences#sync', { waitUntil: 'domcontentloaded', timeout: 5000 })
      .catch(() => undefined);
    // Polled from here: puppeteer's waitForFunction compiles its predicate
    // with Function(), which the page's CSP blocks in ESR 140.
    await poll(
      async () =>
        (await page.evaluate("typeof FxAccounts?.config?.promiseConnectAccountURI === 'function'"))
          ? true
          : undefined,
      30_000,
      () => 'about:preferences never exposed FxAccounts',
    );
    this.chromePage = page;
    return page;
  }

  /**
   * Runs `body`, the source of an async function body, in the chrome page,
   * with `args` bound to `args`. Source text rather than a function keeps
   * the test runner's transforms out of code that runs inside Firefox.
   */
  async evalChrome<T>(body: string, args: unknown = null): Promise<T> {
    const page = await this.chrome();
    const source = `(async (args) => { ${body} })(${JSON.stringify(args)})`;
    return (await page.evaluate(source)) as T;
  }

  /**
   * Starts sign-in where Firefox's preferences do (account-sync.mjs
   * signIn, §2.1): Firefox builds the URL, which fetches autoconfig and
   * registers the WebChannel for the server's origin, and a tab opens it.
   */
  async startSignIn(entrypoint = 'preferences'): Promise<{ page: Page; url: URL }> {
    const href = await this.evalChrome<string>(
      'return await FxAccounts.config.promiseConnectAccountURI(args.entrypoint);',
      { entrypoint },
    );
    const page = await this.browser.newPage();
    await page.goto(href, { waitUntil: 'domcontentloaded' });
    return { page, url: new URL(href) };
  }

  /** signedInUser.json, or undefined before Firefox has written it. */
  async signedInUser(): Promise<SignedInUser | undefined> {
    try {
      return JSON.parse(
        await readFile(join(this.profileDir, 'signedInUser.json'), 'utf8'),
      ) as SignedInUser;
    } catch {
      return undefined;
    }
  }

  /** Polls signedInUser.json until `done` accepts it: Firefox completes it in steps. */
  async waitForSignedInUser(
    done: (u: SignedInUser) => boolean,
    timeoutMs = 30_000,
  ): Promise<SignedInUser> {
    return poll(
      async () => {
        const user = await this.signedInUser();
        this.lastUser = user;
        return user && done(user) ? user : undefined;
      },
      timeoutMs,
      () => `signedInUser.json did not reach the expected state: ${describeUser(this.lastUser)}`,
    );
  }

  /** Keeps the profile and log on disk after close, for a failed test to point at. */
  keepFiles(): string {
    this.keep = true;
    return this.dir;
  }

  async close(): Promise<void> {
    const child = this.browser.process();
    const closed = this.browser.close().then(
      () => true,
      () => false,
    );
    const timedOut = new Promise<boolean>((r) =>
      setTimeout(() => r(false), CLOSE_TIMEOUT_MS).unref(),
    );
    if (!(await Promise.race([closed, timedOut])) && child?.pid !== undefined) {
      // puppeteer starts Firefox as a process-group leader: end the group.
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    if (!this.keep) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** What a failure may print of signedInUser.json: its shape, never its tokens. */
function describeUser(u: SignedInUser | undefined): string {
  if (!u) return 'not written yet';
  const { uid, verified, device } = u.accountData;
  const fields = Object.keys(u.accountData).join(', ');
  return JSON.stringify({ uid, verified, deviceId: device?.id }) + ` (fields: ${fields})`;
}

/**
 * Runs a story with a fresh Firefox and always closes it; when the story
 * fails, the profile and Firefox's log stay on disk and the error says where.
 * A story that outlives `timeoutMs` fails too, and Firefox is ended, so a
 * hung browser never holds up the test run.
 */
export async function withFirefox<T>(
  b: FirefoxBuild,
  publicUrl: string,
  story: (ff: Firefox) => Promise<T>,
  timeoutMs = 120_000,
): Promise<T> {
  const ff = await Firefox.launch(b, publicUrl);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the Firefox ${b.label} story took longer than ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([story(ff), deadline]);
  } catch (err) {
    const dir = ff.keepFiles();
    if (err instanceof Error)
      err.message += `\n(Firefox ${b.label} profile and log kept in ${dir})`;
    throw err;
  } finally {
    clearTimeout(timer);
    await ff.close();
  }
}

/** Calls `probe` until it returns a value, or fails with `why()` after `timeoutMs`. */
export async function poll<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  why: () => string,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(why());
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
