// Firefox's side of the WebChannel, played inside Chromium by an init
// script: it answers the page's WebChannelMessageToChrome events the way
// ESR 153 (or 140) does (firefox.md §2.2, §2.3) and records every message,
// so a story can assert the sequence of commands and what each carried.
import type { BrowserContext, Page } from 'playwright-core';
import type { FirefoxOAuth } from '../../src/web/signin/params.js';

export const ENGINES = ['addons', 'bookmarks', 'history', 'passwords', 'prefs', 'tabs'];

export interface FakeFirefox {
  version: 153 | 140;
  /** What can_link_account answers; the person can decline the relink prompt. */
  linkOk?: boolean;
  /** What oauth_flow_begin answers (153 only). */
  flow?: FirefoxOAuth & { access_type: string; action: string; response_type: string };
  /**
   * Error messages Firefox answers a command with, one per message, before
   * it answers as usual (as `data.error.message`, firefox.md §2.3).
   */
  errors?: Record<string, string[]>;
  /** Milliseconds Firefox takes to answer a command (a busy machine, a cold start); 5 by default. */
  delays?: Record<string, number>;
  /** The engines fxa_status offers; ENGINES by default. */
  engines?: string[];
  /** The account Firefox is signed in to, as fxa_status reports it; none by default. */
  signedInUser?: { email: string; uid: string; sessionToken: string; verified: boolean };
}

export interface Recorded {
  command: string;
  data: Record<string, unknown>;
  /** Whether the event's detail was a string, as Firefox requires. */
  stringDetail: boolean;
}

export async function playFirefox(context: BrowserContext, fake: FakeFirefox): Promise<void> {
  await context.addInitScript(
    ({ fake, engines }) => {
      const log: unknown[] = [];
      (window as unknown as { __webchannel: unknown[] }).__webchannel = log;
      const capabilities: Record<string, unknown> = {
        multiService: true,
        pairing: true,
        choose_what_to_sync: true,
        engines,
        ...(fake.version === 153 ? { keys_optional: true, can_link_account_uid: true } : {}),
      };
      const answers: Record<string, unknown> = {
        'fxaccounts:fxa_status': {
          signedInUser: fake.signedInUser ?? null,
          clientId: '5882386c6d801776',
          capabilities,
        },
        'fxaccounts:can_link_account': { ok: fake.linkOk ?? true },
        'fxaccounts:login': { ok: true },
        'fxaccounts:oauth_login': { ok: true },
        // The settings pages' messages: Firefox only updates itself (§2.3).
        'fxaccounts:change_password': { ok: true },
        'fxaccounts:logout': { ok: true },
        'fxaccounts:delete': { ok: true },
        ...(fake.version === 153 && fake.flow ? { 'fxaccounts:oauth_flow_begin': fake.flow } : {}),
      };
      window.addEventListener('WebChannelMessageToChrome', (event) => {
        const detail = (event as CustomEvent<unknown>).detail;
        const stringDetail = typeof detail === 'string';
        const parsed = (stringDetail ? JSON.parse(detail) : detail) as {
          id: string;
          message: { command: string; data: unknown; messageId: string };
        };
        const { command, data, messageId } = parsed.message;
        log.push({ command, data, stringDetail });
        // Firefox refuses object details and unknown commands with an error.
        const failure = fake.errors?.[command]?.shift();
        const answer = !stringDetail
          ? { error: { message: 'WebChannelMessageToChrome must only send strings' } }
          : failure !== undefined
            ? { error: { message: failure, stack: '' } }
            : (answers[command] ?? { error: { message: `unknown command ${command}` } });
        setTimeout(() => {
          window.dispatchEvent(
            new CustomEvent('WebChannelMessageToContent', {
              detail: { id: 'account_updates', message: { command, messageId, data: answer } },
            }),
          );
        }, fake.delays?.[command] ?? 5);
      });
    },
    { fake, engines: fake.engines ?? ENGINES },
  );
}

export function recorded(page: Page): Promise<Recorded[]> {
  return page.evaluate(() => (window as unknown as { __webchannel: Recorded[] }).__webchannel);
}
