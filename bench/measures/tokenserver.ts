// Tokenserver: GET /token/1.0/sync/1.5 per second, against the bare hapi
// route at the same path (baselines/bare-hapi.ts), measured like the Hawk
// reads of item 4: the same connections and window for both sides, the
// server's CPU over the window, and requests per CPU-second as the fair
// figure when the client held one side back.
//
// Each request is what Firefox sends: a real oldsync access token from the
// fxa-credentials grant and the kid of the key derived from kB, round-robin
// over accounts that already have their Sync uid. So a request costs the
// steady state: the RS256 check, the revocation lookup, the users read and
// a freshly minted token, with no write.
import { Client } from '../../test/client/client.js';
import { syncCredentials, TOKEN_PATH } from '../../test/client/tokenserver.js';
import { forkChild } from '../lib/child.js';
import type { BenchContext } from '../lib/context.js';
import type { BuiltRequest } from '../lib/load.js';
import { fmt, ratio } from '../lib/stats.js';
import type { Row } from '../lib/table.js';
import type { ServerInfo } from '../server.js';
import { unexpected } from './logins.js';
import { reads, type ReadRun } from './reads.js';

const PASSWORD = 'bench password';

export interface SyncBrowser {
  authorization: string;
  keyId: string;
}

/** Signs up `count` accounts and fetches each one's first token, so the measured ones only read. */
export async function syncBrowsers(
  origin: string,
  tag: string,
  count: number,
): Promise<SyncBrowser[]> {
  const browsers: SyncBrowser[] = [];
  for (let i = 0; i < count; i++) {
    const email = `bench-${tag}-sync-${i}@example.com`;
    const client = await Client.create(origin, email, PASSWORD, { preVerified: true, keys: true });
    const creds = await syncCredentials(client);
    const browser = { authorization: `Bearer ${creds.accessToken}`, keyId: creds.keyId };
    const first = await fetch(`${origin}${TOKEN_PATH}`, {
      headers: { authorization: browser.authorization, 'x-keyid': browser.keyId },
    });
    if (first.status !== 200)
      throw new Error(`first Sync token: ${first.status} ${await first.text()}`);
    browsers.push(browser);
  }
  return browsers;
}

function tokenRequests(browsers: readonly SyncBrowser[]): () => BuiltRequest {
  let i = 0;
  return () => {
    const b = browsers[i++ % browsers.length] as SyncBrowser;
    return {
      method: 'GET',
      path: TOKEN_PATH,
      headers: { authorization: b.authorization, 'x-keyid': b.keyId, accept: 'application/json' },
    };
  };
}

export function serverTokens(
  ctx: BenchContext,
  server: { origin: string; child: { pid: number } },
  browsers: readonly SyncBrowser[],
): Promise<ReadRun> {
  return reads(ctx, { origin: server.origin, pid: server.child.pid }, tokenRequests(browsers));
}

export async function bareHapiTokens(
  ctx: BenchContext,
  browsers: readonly SyncBrowser[],
): Promise<ReadRun> {
  ctx.progress('bare hapi route: token requests at saturation');
  const child = await forkChild<ServerInfo>('baselines/bare-hapi.ts', []);
  try {
    return await reads(ctx, { origin: child.info.origin, pid: child.pid }, tokenRequests(browsers));
  } finally {
    await child.stop();
  }
}

const perCpuSecond = (run: ReadRun) => run.load.okPerSec / run.cpuCores;

export function tokenserverRow(
  ctx: BenchContext,
  store: string,
  tokens: ReadRun,
  bare: ReadRun,
): Row {
  const bad = unexpected(tokens.load);
  const raw = ratio(tokens.load.okPerSec, bare.load.okPerSec);
  const perCpu = ratio(perCpuSecond(tokens), perCpuSecond(bare));
  const measured = (run: ReadRun) =>
    `${fmt(run.load.okPerSec, 0)}/s at ${fmt(run.cpuCores, 2)} cores`;
  return {
    item: 7,
    measure: `Tokenserver: GET /token/1.0/sync/1.5 req/s (${store}, ${ctx.readConnections} connections)`,
    value: `${measured(tokens)}${bad ? ` (${bad})` : ''}`,
    baseline: `bare hapi route ${measured(bare)}`,
    ratio: Number.isFinite(perCpu)
      ? `${fmt(perCpu, 3)} per CPU-s (raw ${fmt(raw, 3)})`
      : fmt(raw, 3),
    target: '—',
    met: null,
    others: Math.max(tokens.load.othersCores, bare.load.othersCores),
    data: {
      store,
      tokensPerSec: tokens.load.okPerSec,
      barePerSec: bare.load.okPerSec,
      serverCpuCores: tokens.cpuCores,
      bareCpuCores: bare.cpuCores,
      ratioPerSec: raw,
      ratioPerCpuSecond: perCpu,
      kinds: tokens.load.kinds,
      errors: tokens.load.errors,
    },
  };
}
