// A server on the open internet meets traffic no client library sends:
// requests malformed, pipelined two or three to a write, cut off, or
// dribbled across the request bound. None of it may end the process (one
// such request once did, README "Security"), answer 500, or log an error.
// The mix is random but seeded: each run prints its seed, and
// HOSTILE_SEED=<seed> replays it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Api } from '../client/api.js';
import { parseResponses, scripted } from '../helpers/raw-http.js';
import { useServer } from './support.js';

// An in-memory SQLite store: these requests hardly touch it.
const MEMORY = () => ({ url: 'sqlite::memory:' });

const REQUEST_TIMEOUT_MS = 1500;
const CONNECTIONS = 100;
const AT_ONCE = 25;

const json = (path: string, body: string, more = '') =>
  `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${more}` +
  `Content-Length: ${body.length}\r\n\r\n${body}`;

// Requests the server should answer normally, errors included.
const WELL_FORMED = [
  'GET /__lbheartbeat__ HTTP/1.1\r\nHost: x\r\n\r\n',
  json('/v1/account/status', '{}'),
  json('/v1/account/login', '{"email":"a@example.com","authPW":"00"}'),
  'GET /sync/1.5/1/info/collections HTTP/1.1\r\nHost: x\r\n\r\n',
  json('/sync/1.5/1/storage/tabs', '[]'),
  'GET /1.0/sync/1.5 HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /v1/account/devices HTTP/1.1\r\nHost: x\r\nAuthorization: Hawk id="aa", mac="b"\r\n\r\n',
  'GET /v1/%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n',
];

// Requests Node's parser or hapi's payload reader refuses part way.
const BROKEN = [
  'NONSENSE\r\n\r\n',
  'GET / HTTP/1.1\r\nHost: x\r\nContent-Length: lots\r\n\r\n',
  'GET / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  'POST /v1/account/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Transfer-Encoding: chunked\r\n\r\n5\r\n{"ema\r\nZZ\r\n',
  'POST /sync/1.5/1/storage/tabs HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nQ\r\n',
  // Bodies that never finish: the request bound cuts them off.
  'POST /v1/account/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Content-Length: 100\r\n\r\n{"em',
  'POST /sync/1.5/1/storage/tabs HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n[',
  json('/v1/account/create', '\x1f\x8b\x08\x00', 'Content-Encoding: gzip\r\n'),
  `GET /${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
  `GET / HTTP/1.1\r\n${'X-A: b\r\n'.repeat(2000)}\r\n`,
  'GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n',
  'CONNECT x:443 HTTP/1.1\r\nHost: x:443\r\n\r\n',
];

/** mulberry32: a small seeded generator, so a run can be replayed. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One connection's script: one to three requests, whole or split with pauses. */
function script(random: () => number): (string | number)[] {
  const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
  const count = 1 + Math.floor(random() * 3);
  const text = Array.from({ length: count }, () =>
    random() < 0.5 ? pick(WELL_FORMED) : pick(BROKEN),
  ).join('');
  if (random() < 0.4) return [text];
  const cuts = [0, ...[random(), random(), random()].map((r) => Math.floor(r * text.length))];
  cuts.sort((x, y) => x - y);
  cuts.push(text.length);
  const steps: (string | number)[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    steps.push(text.slice(cuts[i], cuts[i + 1]), Math.floor(random() * REQUEST_TIMEOUT_MS));
  }
  return steps;
}

describe('hostile traffic', () => {
  const server = useServer(MEMORY, {
    http: { headersTimeoutMs: 1000, requestTimeoutMs: REQUEST_TIMEOUT_MS },
  });

  it('never ends the process, answers 500 or logs an error', async (t) => {
    const seed = Number(process.env.HOSTILE_SEED ?? Date.now() % 1_000_000);
    // Shown whatever happens, for HOSTILE_SEED=<seed> to replay the run.
    t.diagnostic(`seed ${seed}`);
    const random = generator(seed);
    const { origin } = server();
    const api = new Api(origin);
    const statuses = new Map<number, number>();
    for (let sent = 0; sent < CONNECTIONS; sent += AT_ONCE) {
      const replies = await Promise.all(
        Array.from({ length: AT_ONCE }, () =>
          // A reset is one of the server's answers to what it cannot parse;
          // a connection held open past every bound is not.
          scripted(origin, script(random)).catch((err: Error) => {
            if (/held the connection/.test(err.message)) throw err;
            return '';
          }),
        ),
      );
      for (const answer of replies.flatMap(parseResponses)) {
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
      }
      const alive = await api.request('GET', '/__lbheartbeat__');
      assert.equal(alive.status, 200, `seed ${seed}: the server stopped answering`);
    }
    const seen = JSON.stringify(Object.fromEntries(statuses));
    assert.ok(!statuses.has(500), `seed ${seed}: 500s among ${seen}`);
    assert.ok((statuses.get(400) ?? 0) > 0, `seed ${seed}: the mix refused nothing: ${seen}`);
    const errors = server()
      .logs()
      .split('\n')
      .filter((line) => /"level":(50|60)/.test(line));
    assert.deepEqual(errors, [], `seed ${seed}`);
  });
});
