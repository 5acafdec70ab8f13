// What every remote story needs: a server per suite, fresh identities, and one way of
// asserting the FxA error shape (spec §1.1) so each test states only status and errno.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import type { ApiResponse } from '../client/api.js';
import type { TestServer, TestServerOptions } from '../helpers/server.js';
import { startTestServer } from '../helpers/server.js';

export const PASSWORD = 'correct horse battery staple';

/** Starts a server for the enclosing suite and stops it afterwards. */
export function useServer(
  db: () => { url: string },
  config?: Record<string, unknown>,
  opts: Pick<TestServerOptions, 'syncStorageEraser'> = {},
): () => TestServer {
  let server: TestServer | undefined;
  before(async () => {
    server = await startTestServer({
      databaseUrl: db().url,
      ...(config ? { config } : {}),
      ...opts,
    });
  });
  after(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('the test server did not start');
    return server;
  };
}

/** A fresh address per test, so suites sharing a database never collide. */
export function randomEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(8).toString('hex')}@example.com`;
}

/** A Redis key prefix per run, so counters from other runs sharing the Redis never interfere. */
export function redisPrefix(): string {
  return `fxa-test:${randomBytes(6).toString('hex')}:`;
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

/** Seconds since the epoch, the unit of authAt and the Timestamp header. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

// The reason phrases of spec §1.2; other statuses only need a non-empty phrase.
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  410: 'Gone',
  413: 'Request Entity Too Large',
};

/** Asserts an FxA error: HTTP status, errno and the `{code, errno, error, message}` shape. */
export function assertFxaError(res: ApiResponse, status: number, errno: number): void {
  assert.deepEqual(
    { status: res.status, code: res.body.code, errno: res.body.errno },
    { status, code: status, errno },
    `expected ${status} errno ${errno}, got ${res.status}: ${res.text}`,
  );
  assert.equal(typeof res.body.error, 'string', 'error is the HTTP reason phrase');
  assert.notEqual(res.body.error, '');
  const reason = REASONS[status];
  if (reason !== undefined) assert.equal(res.body.error, reason);
  assert.equal(typeof res.body.message, 'string', 'message is human text');
  assertTimestamp(res);
}

/** Every response, errors included, carries Timestamp: <unix seconds> (spec §1). */
export function assertTimestamp(res: ApiResponse): void {
  const header = res.headers.get('timestamp');
  assert.ok(header !== null, 'the Timestamp header is present');
  assert.match(header, /^\d+$/, 'Timestamp is whole seconds');
  assert.ok(Math.abs(Number(header) - nowSeconds()) <= 5, `Timestamp ${header} is close to now`);
}

export function assertOk(res: ApiResponse): void {
  assert.equal(res.status, 200, `expected 200, got ${res.status}: ${res.text}`);
  assertTimestamp(res);
}
