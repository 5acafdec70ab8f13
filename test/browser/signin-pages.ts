// Goes through the sign-in pages (src/web/signin) the way a person does:
// finds each field by its label and each button by its text, types with
// the keyboard and clicks with the pointer, and reads the confirmation code
// from the mail the server really sent. Headings mark the steps.
//
// Everything is polled from here through page.evaluate: puppeteer's own
// waiting compiles predicates with Function(), which the pages' CSP
// (script-src 'self') rightly blocks.
import type { ElementHandle, Page } from 'puppeteer-core';
import type { Mailbox } from '../helpers/mailbox.js';
import { poll } from './firefox.js';

const STEP_TIMEOUT_MS = 30_000;

export const HEADINGS = {
  email: 'Enter your email',
  password: 'Enter your password',
  signup: 'Create a password',
  code: 'Enter the confirmation code',
  engines: 'Choose what to sync',
  done: 'You are signed in',
  stopped: 'Sign-in did not finish',
} as const;

/** The text of the page's h1, or '' while there is none. */
function heading(page: Page): Promise<string> {
  return page.evaluate(
    "document.querySelector('h1')?.textContent?.trim() ?? ''",
  ) as Promise<string>;
}

/** Waits for one of `wanted`; a page that stops the flow fails the wait with what it says. */
export async function waitForHeading(page: Page, ...wanted: string[]): Promise<string> {
  let last = '';
  return poll(
    async () => {
      last = await heading(page);
      if (last === HEADINGS.stopped && !wanted.includes(last)) {
        throw new Error(`the pages stopped the flow: ${await bodyText(page)}`);
      }
      return wanted.includes(last) ? last : undefined;
    },
    STEP_TIMEOUT_MS,
    () => `expected a step headed ${wanted.join(' or ')}, the page shows "${last}"`,
    100,
  );
}

export function bodyText(page: Page): Promise<string> {
  return page.evaluate("document.body?.innerText ?? ''") as Promise<string>;
}

/** Types into the field the label names, after clearing it. */
export async function fill(page: Page, label: string, value: string): Promise<void> {
  const field = await element(
    page,
    `[...document.querySelectorAll('label')]
      .find((l) => l.textContent.trim() === ${JSON.stringify(label)})?.control ?? null`,
    `a field labelled ${label}`,
  );
  await field.click({ count: 3 });
  await field.type(value);
}

/** Clicks the button whose text is `text`. */
export async function press(page: Page, text: string): Promise<void> {
  const button = await element(
    page,
    `[...document.querySelectorAll('button')]
      .find((b) => b.textContent.trim() === ${JSON.stringify(text)} && !b.disabled) ?? null`,
    `a button "${text}"`,
  );
  await button.click();
}

async function element(page: Page, expression: string, what: string): Promise<ElementHandle> {
  return poll(
    async () => {
      const handle = await page.evaluateHandle(expression);
      const el = handle.asElement();
      if (el) return el as ElementHandle;
      await handle.dispose();
      return undefined;
    },
    STEP_TIMEOUT_MS,
    () => `no ${what} on the page`,
    100,
  );
}

/** Types the 6-digit code of the newest confirmation mail to `email`. */
async function typeMailedCode(page: Page, mailbox: Mailbox, email: string): Promise<void> {
  const mails = await mailbox.waitFor(email, {
    timeoutMs: STEP_TIMEOUT_MS,
    match: (m) => m.headers['x-verify-short-code'] !== undefined,
  });
  const code = mails.at(-1)?.headers['x-verify-short-code'];
  if (typeof code !== 'string' || !/^\d{6}$/.test(code)) {
    throw new Error(`no 6-digit code in the mail to ${email}`);
  }
  await fill(page, 'Confirmation code', code);
  await press(page, 'Confirm');
}

/** Accepts the engines Firefox offered, then waits for the end of the flow. */
async function finish(page: Page): Promise<void> {
  await waitForHeading(page, HEADINGS.engines);
  await press(page, 'Start syncing');
  await waitForHeading(page, HEADINGS.done);
}

async function enterEmail(page: Page, email: string): Promise<void> {
  await waitForHeading(page, HEADINGS.email);
  await fill(page, 'Email', email);
  await press(page, 'Continue');
}

/** A new account: email, a password twice, the mailed code, the engines. */
export async function signUpThroughPages(
  page: Page,
  mailbox: Mailbox,
  email: string,
  password: string,
): Promise<void> {
  await enterEmail(page, email);
  await waitForHeading(page, HEADINGS.signup);
  await fill(page, 'Password', password);
  await fill(page, 'Repeat password', password);
  await press(page, 'Create account');
  await waitForHeading(page, HEADINGS.code);
  await typeMailedCode(page, mailbox, email);
  await finish(page);
}

/**
 * An existing account: email and password, then the mailed code if the
 * server wants the new session confirmed, then the engines.
 */
export async function signInThroughPages(
  page: Page,
  mailbox: Mailbox,
  email: string,
  password: string,
): Promise<void> {
  await enterEmail(page, email);
  await waitForHeading(page, HEADINGS.password);
  await fill(page, 'Password', password);
  await press(page, 'Sign in');
  if ((await waitForHeading(page, HEADINGS.code, HEADINGS.engines)) === HEADINGS.code) {
    await typeMailedCode(page, mailbox, email);
  }
  await finish(page);
}
