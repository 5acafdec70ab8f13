// Collects every secret a story put on the wire, so a test can assert that
// none of them reached the server's log. Rather than naming the fields a
// story happens to use, it records all traffic to the server (fetch is
// wrapped while recording) and keeps every value that looks like key
// material: hex of 32 characters or more, long base64url, the parts of JWTs,
// the Hawk id and MAC of every Authorization header, and the token id
// derived from every token seed. Account uids are left out: they name an
// account, grant nothing, and the summary line logs them on purpose.
import { deriveToken, type TokenType } from '../client/onepw.js';

const TOKEN_TYPES: readonly TokenType[] = [
  'sessionToken',
  'keyFetchToken',
  'accountResetToken',
  'passwordForgotToken',
  'passwordChangeToken',
];
const HEX = /^[0-9a-f]{32,}$/i;
const BASE64URL = /^[A-Za-z0-9_-]{32,}$/;
const HAWK_FIELD = /\b(id|mac)="([^"]+)"/g;

export interface SecretRecorder {
  /** Adds secrets the story holds but never sent (kA, kB, unwrapBKey). */
  add(...values: (string | Buffer)[]): void;
  /** Every secret seen so far, token ids included. */
  secrets(): Promise<string[]>;
  /** Puts fetch back. */
  stop(): void;
}

/** Records the traffic to `origin` (and anything fetched from `alsoFrom`, e.g. the mail sink). */
export function recordSecrets(origins: string[]): SecretRecorder {
  const seen = new Set<string>();
  const seeds = new Map<string, TokenType>();
  const uids = new Set<string>();
  const realFetch = globalThis.fetch;

  const walk = (value: unknown, key = ''): void => {
    if (typeof value === 'string') return keep(value, key);
    if (Array.isArray(value)) return value.forEach((v) => walk(v, key));
    if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };

  const keep = (value: string, key: string): void => {
    if (key === 'uid' || key === 'sub') return void uids.add(value.toLowerCase());
    if (TOKEN_TYPES.includes(key as TokenType) && /^[0-9a-f]{64}$/i.test(value)) {
      seeds.set(value, key as TokenType);
    }
    if (key === 'authorization') return keepAuthorization(value);
    if (HEX.test(value) || BASE64URL.test(value)) seen.add(value);
    for (const part of value.split(/[.~]/)) if (BASE64URL.test(part)) seen.add(part);
    // Links and headers in mail carry codes and tokens as query parameters.
    if (/^https?:\/\//.test(value)) {
      for (const [k, v] of new URL(value).searchParams) keep(v, k);
    }
  };

  const keepAuthorization = (value: string): void => {
    const bearer = /^Bearer\s+(?:fx[a-z]+_)?(\S+)$/.exec(value);
    if (bearer?.[1]) keep(bearer[1], 'bearer');
    for (const [, , field] of value.matchAll(HAWK_FIELD)) if (field) seen.add(field);
  };

  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  };

  globalThis.fetch = async (input, init) => {
    const res = await realFetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (!origins.some((o) => url.startsWith(o))) return res;
    keep(url, 'url');
    const headers = new Headers(init?.headers);
    const authorization = headers.get('authorization');
    if (authorization) keepAuthorization(authorization);
    if (typeof init?.body === 'string') walk(parse(init.body));
    walk(parse(await res.clone().text()));
    return res;
  };

  return {
    add: (...values) => {
      for (const v of values) seen.add(typeof v === 'string' ? v : v.toString('hex'));
    },
    async secrets() {
      for (const [seed, type] of seeds) seen.add((await deriveToken(type, seed)).id);
      return [...seen].filter((s) => !uids.has(s.toLowerCase()));
    },
    stop: () => {
      globalThis.fetch = realFetch;
    },
  };
}

/** The secrets that occur in `log`, compared without regard to case. */
export function leakedSecrets(log: string, secrets: string[]): string[] {
  const text = log.toLowerCase();
  return secrets.filter((s) => text.includes(s.toLowerCase()));
}
