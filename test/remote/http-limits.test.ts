// Slow and malformed requests (README "Security"): a client that sends its
// request too slowly is cut off after the configured bound with 408, and
// every request the server refuses, even one Node cannot parse, gets the FxA
// error shape and an errno that names the problem. These requests never
// reach the store, so one store (SQLite) is enough.
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { Api } from '../client/api.js';
import { exchange, parseResponses, scripted } from '../helpers/raw-http.js';
import { assertFxaError, useServer } from './support.js';

// An in-memory SQLite store: these requests hardly touch it.
const MEMORY = () => ({ url: 'sqlite::memory:' });

const HEADERS_TIMEOUT_MS = 1000;
const REQUEST_TIMEOUT_MS = 2000;
// Node checks its timeouts once a second; a busy test machine adds more.
const SLACK_MS = 3000;
const MAX_HEADER_BYTES = 8192;

describe('slow and malformed requests', () => {
  const server = useServer(MEMORY, {
    http: {
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      maxHeaderBytes: MAX_HEADER_BYTES,
    },
  });
  const origin = () => server().origin;
  const post = (path: string, headers: string) =>
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n${headers}\r\n`;

  it('cuts off headers that never finish with 408, however steadily they come', async () => {
    const res = await exchange(
      origin(),
      'GET /__lbheartbeat__ HTTP/1.1\r\nHost: x\r\n',
      `X-Slow: ${'a'.repeat(200)}`,
    );
    assertFxaError(res, 408, 999);
    assert.ok(
      res.elapsedMs >= HEADERS_TIMEOUT_MS - 100,
      `not before the bound (${res.elapsedMs} ms)`,
    );
    assert.ok(res.elapsedMs < HEADERS_TIMEOUT_MS + SLACK_MS, `cut off in ${res.elapsedMs} ms`);
  });

  it('cuts off a body that never completes with 408', async () => {
    const res = await exchange(
      origin(),
      `${post('/v1/account/create', 'Content-Length: 200\r\n')}{"email":`,
      `"${'a'.repeat(150)}`,
    );
    assertFxaError(res, 408, 999);
    assert.ok(
      res.elapsedMs >= REQUEST_TIMEOUT_MS - 100,
      `not before the bound (${res.elapsedMs} ms)`,
    );
    assert.ok(res.elapsedMs < REQUEST_TIMEOUT_MS + SLACK_MS, `cut off in ${res.elapsedMs} ms`);
  });

  it('closes a connection that never sends a byte', async () => {
    const res = await exchange(origin(), '');
    assertFxaError(res, 408, 999);
    assert.ok(res.elapsedMs < HEADERS_TIMEOUT_MS + SLACK_MS, `closed in ${res.elapsedMs} ms`);
  });

  it('answers a chunked body over 16 KiB with 413 errno 113 instead of a reset', async () => {
    const chunk = `{"email":"${'a'.repeat(17 * 1024)}"}`;
    const res = await exchange(
      origin(),
      `${post('/v1/account/create', 'Transfer-Encoding: chunked\r\nConnection: close\r\n')}` +
        `${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`,
    );
    assertFxaError(res, 413, 113);
  });

  it('answers an oversized URL with 414 and oversized headers with 431, errno 113', async () => {
    const long = 'a'.repeat(MAX_HEADER_BYTES + 100);
    const url = await exchange(
      origin(),
      `GET /v1/account/status?uid=${long} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    assertFxaError(url, 414, 113);
    const headers = await exchange(
      origin(),
      `GET /__lbheartbeat__ HTTP/1.1\r\nHost: x\r\nX-Big: ${long}\r\n\r\n`,
    );
    assertFxaError(headers, 431, 113);
  });

  it('answers a request Node cannot parse with 400 in the FxA shape', async () => {
    assertFxaError(await exchange(origin(), 'NONSENSE\r\n\r\n'), 400, 999);
    const badLength = `${post('/v1/account/create', 'Content-Length: lots\r\n')}{}`;
    assertFxaError(await exchange(origin(), badLength), 400, 999);
  });

  it('answers a body that cannot be read as JSON with 106, whatever the reason', async () => {
    const api = new Api(origin());
    const bodies: [string, Record<string, string>][] = [
      ['not deflate at all', { 'content-encoding': 'deflate' }],
      ['\x1f\x8b garbage', { 'content-encoding': 'gzip' }],
      ['{}', { 'content-type': 'multipart/form-data' }],
      ['{}', { 'content-type': ';;;' }],
      ['{}', { 'content-type': 'text/plain' }],
      ['{}', { 'content-type': 'application/x-www-form-urlencoded' }],
    ];
    for (const [rawBody, headers] of bodies) {
      const res = await api.request('POST', '/v1/account/login', { rawBody, headers });
      assertFxaError(res, 400, 106);
    }
  });

  it('still reads a well-formed deflated body', async () => {
    const body = deflateSync(
      JSON.stringify({ email: 'nobody@example.com', authPW: '00'.repeat(32) }),
    );
    const res = await exchange(
      origin(),
      Buffer.concat([
        Buffer.from(
          post(
            '/v1/account/login',
            `Content-Encoding: deflate\r\nContent-Length: ${body.length}\r\nConnection: close\r\n`,
          ),
        ),
        body,
      ]),
    );
    assertFxaError(res, 400, 102);
  });

  it('answers a broken request pipelined behind a good one after the good one', async () => {
    const raw = await scripted(origin(), [
      'GET /__lbheartbeat__ HTTP/1.1\r\nHost: x\r\n\r\nNONSENSE\r\n\r\n',
    ]);
    const [first, second, ...more] = parseResponses(raw);
    assert.equal(first?.status, 200, raw);
    assert.ok(second, raw);
    assertFxaError(second, 400, 999);
    assert.equal(more.length, 0, raw);
  });

  it('answers a body with a broken chunk with 400, and hapi adds no answer of its own', async () => {
    // The listener answers through the response hapi holds; hapi's own
    // payload timeout (the request bound) then fires on that request.
    const raw = await scripted(origin(), [
      `${post('/v1/account/create', 'Transfer-Encoding: chunked\r\n')}5\r\n{"ema\r\nZZ\r\n`,
      REQUEST_TIMEOUT_MS + 500,
    ]);
    const [only, ...more] = parseResponses(raw);
    assert.ok(only, raw);
    assertFxaError(only, 400, 999);
    assert.equal(more.length, 0, raw);
  });

  it('keeps serving after all of it', async () => {
    const res = await new Api(origin()).request('GET', '/__lbheartbeat__');
    assert.equal(res.status, 200);
  });
});

describe('a connection gone idle mid-request', () => {
  const SOCKET_TIMEOUT_MS = 1500;
  // With Node's whole-request bound off, only the socket timeout stands
  // between a stalled client and a connection held for ever.
  const server = useServer(MEMORY, {
    http: {
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      requestTimeoutMs: 0,
      socketTimeoutMs: SOCKET_TIMEOUT_MS,
    },
  });

  it('is closed once it has been idle for socketTimeoutMs, on every request', async () => {
    const stalled =
      'POST /v1/account/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n';
    const { origin } = server();
    // The second stall comes after a first request on the same connection
    // was answered: the bound is armed again for each request.
    const keptAlive = `GET /__lbheartbeat__ HTTP/1.1\r\nHost: x\r\n\r\n${stalled}`;
    for (const start of [stalled, keptAlive]) {
      const res = await exchange(origin, `${start}Content-Length: 50\r\n\r\n{"email":`);
      assert.ok(
        res.elapsedMs >= SOCKET_TIMEOUT_MS - 100,
        `not before the bound (${res.elapsedMs} ms)`,
      );
      assert.ok(res.elapsedMs < SOCKET_TIMEOUT_MS + SLACK_MS, `closed in ${res.elapsedMs} ms`);
    }
  });
});

describe('a body that arrives after its 408', () => {
  // The headers take most of the headers bound, so Node's whole-request
  // bound, counted from the first byte, passes well before hapi's payload
  // timeout, counted from the end of the headers: the listener answers.
  const server = useServer(MEMORY, {
    http: { headersTimeoutMs: 1900, requestTimeoutMs: 2000 },
  });

  it('is not acted on: the 408 stands and no account is created', async () => {
    const { origin } = server();
    const email = `late-${Date.now()}@example.com`;
    const body = JSON.stringify({ email, authPW: '00'.repeat(32) });
    const cut = 10;
    const raw = await scripted(origin, [
      'POST /v1/account/create HTTP/1.1\r\nHost: x\r\n',
      1700,
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
      body.slice(0, cut),
      'answer',
      body.slice(cut),
      // Until hapi's own payload timeout has passed too.
      2500,
    ]);
    const [only, ...more] = parseResponses(raw);
    assert.ok(only, raw);
    assertFxaError(only, 408, 999);
    assert.equal(more.length, 0, raw);
    const api = new Api(origin);
    const status = await api.request('POST', '/v1/account/status', { body: { email } });
    assert.equal(status.status, 200, status.text);
    assert.equal(status.body.exists, false, 'the late body was not acted on');
  });
});
