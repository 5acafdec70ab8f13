import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { boomify } from '@hapi/boom';
import { createLogger } from './log.js';

function capture() {
  let out = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return { log: createLogger('trace', sink), text: () => out };
}

const hex = (n: number) => randomBytes(n).toString('hex');

function assertAbsent(text: string, secrets: string[]): void {
  for (const secret of secrets) assert.ok(!text.includes(secret), `${secret} leaked: ${text}`);
}

describe('log lines', () => {
  it('keep secrets and SQL text out, errors included', () => {
    const { log, text } = capture();
    const err = Object.assign(new Error('Lock wait timeout'), {
      sql: "UPDATE sessionTokens SET tokenData = X'deadbeefcafe'",
      sqlMessage: "Duplicate entry 'alice@example.com'",
    });
    log.error({ err, payload: { authPW: 'f00d', code: '1234' } }, 'request failed');
    assertAbsent(text(), ['deadbeefcafe', 'alice@example.com', 'f00d', '1234']);
    assert.match(text(), /Lock wait timeout/);
  });

  it('drop what Hawk hangs on a failed lookup: the token id is a Bearer credential', () => {
    const { log, text } = capture();
    const id = hex(32);
    const mac = randomBytes(32).toString('base64');
    const driverError = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), {
      errno: -111,
      code: 'ECONNREFUSED',
      syscall: 'connect',
    });
    const err = boomify(driverError, {
      decorate: { artifacts: { id, mac, ts: '1', nonce: 'abc', host: 'h', port: 1 } },
    });
    log.error({ err, path: '/v1/session/status' }, 'request failed');
    assertAbsent(text(), [id, mac]);
    const line = JSON.parse(text()) as { err: Record<string, unknown> };
    assert.deepEqual(
      { code: line.err.code, errno: line.err.errno, syscall: line.err.syscall },
      { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' },
      'what says what went wrong stays',
    );
    assert.match(String(line.err.message), /ECONNREFUSED/);
  });

  it('mask key material under fields nobody listed, at any depth and inside text', () => {
    const { log, text } = capture();
    const tokenId = hex(32);
    const code = hex(16);
    const jwt = `eyJhbGciOiJSUzI1NiJ9.${randomBytes(60).toString('base64url')}.${randomBytes(256).toString('base64url')}`;
    const mac = randomBytes(32).toString('base64');
    log.warn(
      {
        brandNewField: tokenId,
        nested: { deeper: [`the token ${tokenId} was used`, { access: jwt }] },
        note: `hawk mac=${mac}`,
        raw: randomBytes(32),
      },
      `looked up ${code}`,
    );
    assertAbsent(text(), [tokenId, code, mac, ...jwt.split('.').slice(1)]);
    assert.match(text(), /"raw":"\[32 bytes\]"/);
    assert.match(text(), /the token \[redacted\] was used/);
  });

  it('keep the uid, which names an account and grants nothing', () => {
    const { log, text } = capture();
    const uid = hex(16);
    log.info({ uid, status: 200, path: '/v1/account/login' }, 'request.summary');
    const line = JSON.parse(text()) as Record<string, unknown>;
    assert.deepEqual([line.uid, line.status, line.path], [uid, 200, '/v1/account/login']);
  });

  it('mask the values a driver quotes in its message, and the stack that repeats it', () => {
    const { log, text } = capture();
    const seed = hex(32);
    const err = new Error(
      `Duplicate entry 'bob@example.com-${seed.slice(0, 8)}' for key 'PRIMARY'`,
    );
    log.error(err);
    log.error({ err: new Error('wrapped', { cause: err }) }, 'request failed');
    assertAbsent(text(), ['bob@example.com', seed.slice(0, 8)]);
    assert.match(text(), /Duplicate entry/);
  });

  it('replace the containers of credentials whole, whatever their values look like', () => {
    const { log, text } = capture();
    log.info(
      {
        headers: { authorization: 'Bearer fxs_short', cookie: 'sid=1', 'user-agent': 'Firefox' },
        credentials: { id: 'x', key: 'y' },
        unblockCode: 'ABCD1234',
      },
      'incoming',
    );
    assertAbsent(text(), ['fxs_short', 'sid=1', 'ABCD1234', '"key":"y"']);
    assert.match(text(), /Firefox/);
  });

  it('scrub child bindings and format arguments too', () => {
    const { log, text } = capture();
    const id = hex(32);
    log.child({ requestToken: id }).info('token %s seen', id);
    assertAbsent(text(), [id]);
  });
});
