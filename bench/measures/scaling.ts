// Item 6: login throughput with one and then two server processes behind
// Node's cluster module, sharing one MySQL database, plus a check that a
// client's story holds when consecutive requests land on different processes
// (the primary hands connections out round-robin): sign up, log in, read the
// session, fetch keys once, and be refused a second fetch of the same
// single-use keyFetchToken. A server keeping any of that in process memory
// would fail here.
import { deriveToken, stretch } from '../../test/client/onepw.js';
import { hawkHeader } from '../../test/client/hawk.js';
import { createAccounts, benchEmail } from '../lib/requests.js';
import { startServer, type BenchContext, type RunningServer } from '../lib/context.js';
import { fmt, ratio } from '../lib/stats.js';
import { send, type Answer } from '../lib/http.js';
import type { LoadResult } from '../lib/load.js';
import type { Row } from '../lib/table.js';
import type { ServerStats } from '../server.js';
import { loginLoad, unexpected } from './logins.js';

const STORIES = 10;

interface Reply {
  status: number;
  body: Record<string, unknown>;
}

function reply(a: Answer): Reply {
  try {
    return { status: a.status, body: JSON.parse(a.body) as Record<string, unknown> };
  } catch {
    return { status: a.status, body: {} }; // not the server's JSON: the status tells
  }
}

/**
 * Every story step goes on a connection of its own, so the cluster primary
 * hands consecutive steps to the processes in turn.
 */
const ALONE = { agent: false } as const;

export interface ScalingResult {
  one: LoadResult;
  two: LoadResult;
  stories: { ok: number; steps: number; failures: string[] };
  /** Requests each worker received during the two-process run. */
  perWorker: number[];
}

async function hawkGet(
  server: RunningServer,
  path: string,
  type: 'sessionToken' | 'keyFetchToken',
  seed: string,
): Promise<Reply> {
  const { id, authKey } = await deriveToken(type, seed);
  const credentials = { id, key: authKey, algorithm: 'sha256' as const };
  const authorization = hawkHeader(`${server.publicUrl}${path}`, 'GET', { credentials });
  return reply(
    await send(server.origin, { method: 'GET', path, headers: { authorization } }, ALONE),
  );
}

async function postJson(server: RunningServer, path: string, body: object): Promise<Reply> {
  const headers = { 'content-type': 'application/json' };
  const req = { method: 'POST' as const, path, headers, body: JSON.stringify(body) };
  return reply(await send(server.origin, req, ALONE));
}

const STEPS = 6;

/** A story that could not go on after `done` steps: the rest count as failed. */
const abandoned = (done: number, why: string) => ({
  steps: STEPS,
  failures: [why, ...Array<string>(STEPS - done - 1).fill(`not run after ${why}`)],
});

/** One client story across the cluster; returns the steps that went wrong. */
async function story(
  server: RunningServer,
  email: string,
): Promise<{ steps: number; failures: string[] }> {
  const failures: string[] = [];
  const authPW = (await stretch(email, 'story password')).authPW.toString('hex');
  const created = await postJson(server, '/v1/account/create', {
    email,
    authPW,
    preVerified: true,
  });
  if (created.status !== 200) return abandoned(0, `sign-up ${created.status}`);
  const res = await postJson(server, '/v1/account/login?keys=true', { email, authPW });
  const login = res.body as { sessionToken?: string; keyFetchToken?: string };
  if (res.status !== 200 || !login.sessionToken || !login.keyFetchToken) {
    return abandoned(1, `login ${res.status}`);
  }
  for (let i = 0; i < 2; i++) {
    const status = await hawkGet(server, '/v1/session/status', 'sessionToken', login.sessionToken);
    if (status.status !== 200) failures.push(`session/status ${status.status}`);
  }
  const keys = await hawkGet(server, '/v1/account/keys', 'keyFetchToken', login.keyFetchToken);
  if (keys.status !== 200) failures.push(`keys ${keys.status}`);
  // Single use: whichever process answers must know the token is spent.
  const again = await hawkGet(server, '/v1/account/keys', 'keyFetchToken', login.keyFetchToken);
  if (again.status !== 401 || again.body.errno !== 110)
    failures.push(`second keys ${again.status}`);
  return { steps: STEPS, failures };
}

export async function scaling(ctx: BenchContext): Promise<ScalingResult> {
  ctx.progress('scaling: 1 process behind cluster, MySQL');
  const server = await startServer(ctx, 'mysql', { cluster: true });
  try {
    const accounts = await createAccounts(server.origin, `${ctx.tag}-cluster`, ctx.concurrency);
    const one = await loginLoad(ctx, server, accounts);
    await server.child.request('scale');
    ctx.progress('scaling: 2 processes behind cluster, MySQL');
    const before = await server.child.request<ServerStats[]>('stats');
    const two = await loginLoad(ctx, server, accounts);
    const after = await server.child.request<ServerStats[]>('stats');
    const perWorker = after.map((w, i) => w.requests - (before[i]?.requests ?? 0));
    const stories = { ok: 0, steps: 0, failures: [] as string[] };
    for (let i = 0; i < STORIES; i++) {
      const s = await story(server, benchEmail(`${ctx.tag}-story`, i));
      stories.steps += s.steps;
      stories.ok += s.steps - s.failures.length;
      stories.failures.push(...s.failures);
    }
    return { one, two, stories, perWorker };
  } finally {
    await server.stop();
  }
}

export function scalingRows(r: ScalingResult, scryptPerSec: number): Row[] {
  const bad1 = unexpected(r.one);
  const bad2 = unexpected(r.two);
  const served = r.perWorker.length === 2 && r.perWorker.every((n) => n > 0);
  return [
    {
      item: 6,
      measure: 'Scaling: logins/s, 1 process behind cluster (MySQL)',
      value: `${fmt(r.one.okPerSec, 2)}/s${bad1 ? ` (${bad1})` : ''}`,
      baseline: `bare scrypt ${fmt(scryptPerSec, 2)}/s`,
      ratio: fmt(ratio(r.one.okPerSec, scryptPerSec), 3),
      target: '—',
      met: null,
      others: r.one.othersCores,
      data: { loginsPerSec: r.one.okPerSec, kinds: r.one.kinds },
    },
    {
      item: 6,
      measure: 'Scaling: logins/s, 2 processes sharing MySQL',
      value: `${fmt(r.two.okPerSec, 2)}/s${bad2 ? ` (${bad2})` : ''}`,
      baseline: `1 process ${fmt(r.one.okPerSec, 2)}/s`,
      ratio: fmt(ratio(r.two.okPerSec, r.one.okPerSec), 3),
      target: '—',
      met: null,
      others: r.two.othersCores,
      data: { loginsPerSec: r.two.okPerSec, kinds: r.two.kinds, requestsPerWorker: r.perWorker },
    },
    {
      item: 6,
      measure: `Scaling: ${STORIES} client stories across 2 processes (sign-up, login, status, keys once)`,
      value: `${r.stories.ok}/${r.stories.steps} steps as expected; login requests per process ${r.perWorker.join(' / ')}`,
      baseline: '—',
      ratio: '—',
      target: 'all steps; both processes serve',
      met: r.stories.ok === r.stories.steps && served && bad1 === '' && bad2 === '',
      data: { ...r.stories, requestsPerWorker: r.perWorker },
    },
  ];
}
