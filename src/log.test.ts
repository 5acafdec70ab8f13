import { it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from './log.js';

it('keeps secrets and SQL text out of log lines, errors included', () => {
  let out = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  const log = createLogger('info', sink);
  const err = Object.assign(new Error('Lock wait timeout'), {
    sql: "UPDATE sessionTokens SET tokenData = X'deadbeefcafe'",
    sqlMessage: "Duplicate entry 'alice@example.com'",
  });
  log.error({ err, payload: { authPW: 'f00d', code: '1234' } }, 'request failed');
  for (const secret of ['deadbeefcafe', 'alice@example.com', 'f00d', '1234']) {
    assert.ok(!out.includes(secret), `${secret} leaked: ${out}`);
  }
  assert.match(out, /Lock wait timeout/);
});
