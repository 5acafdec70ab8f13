// The transport against a scripted HTTP server, for what a real server
// rarely does on cue: refuse a clock, answer a proxy's HTML error page, take
// too long, or not be there at all. What a page shows the user depends on
// telling these apart.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import Hawk from 'hawk';
import { FxaError, NetworkError } from './errors.js';
import { deriveTokenKeys } from './onepw.js';
import { Transport } from './transport.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

let server: Server;
let origin = '';
let handler: Handler = (_req, _body, res) => res.end('{}');

before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => handler(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

function json(res: ServerResponse, status: number, body: unknown, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const SEED = 'ab'.repeat(32);
const token = { type: 'sessionToken' as const, seedHex: SEED };
const tsOf = (req: IncomingMessage) =>
  Number(/ts="(\d+)"/.exec(req.headers.authorization ?? '')?.[1]);

describe('client transport', () => {
  it('types a refusal as FxaError {code, errno, error, message, retryAfter}', async () => {
    handler = (_req, _body, res) =>
      json(res, 429, {
        code: 429,
        errno: 114,
        error: 'Too Many Requests',
        message: 'Client has sent too many requests',
        retryAfter: 900,
      });
    const err = await new Transport(origin)
      .call('POST', '/v1/account/login')
      .catch((e: unknown) => e);
    assert.ok(err instanceof FxaError);
    assert.deepEqual(
      {
        code: err.code,
        errno: err.errno,
        error: err.error,
        message: err.message,
        retryAfter: err.retryAfter,
      },
      {
        code: 429,
        errno: 114,
        error: 'Too Many Requests',
        message: 'Client has sent too many requests',
        retryAfter: 900,
      },
    );
  });

  it('turns a non-JSON error page into FxaError errno 999 with the HTTP status', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<h1>Bad Gateway</h1>');
    };
    await assert.rejects(new Transport(origin).call('GET', '/v1/session/status'), {
      name: 'FxaError',
      code: 502,
      errno: 999,
    });
  });

  it('reports a server that is not there as NetworkError', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await new Transport(`http://127.0.0.1:${port}`)
      .call('GET', '/__heartbeat__')
      .catch((e: unknown) => e);
    assert.ok(err instanceof NetworkError, String(err));
    assert.equal(err.timedOut, false);
  });

  it('gives up after timeoutMs with a NetworkError that says so', async () => {
    handler = (_req, _body, res) => setTimeout(() => json(res, 200, {}), 2000);
    const err = await new Transport(origin, { timeoutMs: 100 })
      .call('GET', '/slow')
      .catch((e: unknown) => e);
    assert.ok(err instanceof NetworkError);
    assert.equal(err.timedOut, true);
  });

  it('sends Accept-Language, JSON, and a Hawk payload hash over the exact body', async () => {
    let seen: { headers: IncomingMessage['headers']; body: string } | undefined;
    handler = (req, body, res) => {
      seen = { headers: req.headers, body };
      json(res, 200, { ok: true });
    };
    const api = new Transport(origin, { lang: 'de-DE,de;q=0.9' });
    assert.deepEqual(await api.call('POST', '/v1/x', { token, body: { name: 'ä' } }), { ok: true });
    assert.equal(seen?.headers['accept-language'], 'de-DE,de;q=0.9');
    assert.equal(seen?.headers['content-type'], 'application/json');
    assert.equal(seen?.body, '{"name":"ä"}');
    const { id, authKey } = await deriveTokenKeys('sessionToken', SEED);
    const { port } = new URL(origin);
    const { credentials, artifacts } = await Hawk.server.authenticate(
      {
        method: 'POST',
        url: '/v1/x',
        host: '127.0.0.1',
        port: Number(port),
        authorization: seen?.headers.authorization,
        contentType: 'application/json',
      } as never,
      () => ({ id, key: Buffer.from(authKey), algorithm: 'sha256' }) as never,
    );
    Hawk.server.authenticatePayload(seen?.body ?? '', credentials, artifacts, 'application/json');
  });

  it('signs with the server clock from Timestamp, and after 111 retries once with serverTime', async () => {
    const serverNow = Math.floor(Date.now() / 1000) + 3600;
    const seen: number[] = [];
    handler = (req, _body, res) => {
      seen.push(tsOf(req));
      if (seen.length === 1) {
        json(res, 401, {
          code: 401,
          errno: 111,
          error: 'Unauthorized',
          message: 'stale',
          serverTime: serverNow,
        });
      } else {
        json(res, 200, {}, { timestamp: String(serverNow) });
      }
    };
    const api = new Transport(origin);
    await api.call('GET', '/v1/session/status', { token });
    assert.equal(api.staleRetries, 1);
    assert.ok(Math.abs((seen[1] ?? 0) - serverNow) <= 1, 'the retry used serverTime');
    assert.ok(Math.abs(api.clockOffsetMs - 3600_000) < 2000, 'the offset is learnt');

    seen.length = 0;
    handler = (req, _body, res) => {
      seen.push(tsOf(req));
      json(res, 401, {
        code: 401,
        errno: 111,
        error: 'Unauthorized',
        message: 'stale',
        serverTime: serverNow,
      });
    };
    await assert.rejects(api.call('GET', '/v1/session/status', { token }), { errno: 111 });
    assert.equal(seen.length, 2, 'one retry, not a loop');
  });
});
