// Successful logins are rate limited too (customs rule login-per-ip-email):
// someone holding a stolen password cannot mint sessions in a loop. The
// limit, 20 an hour from one address for one account, is far above what a
// person signing in needs.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { stretch } from '../client/onepw.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, randomEmail, useServer } from './support.js';
import { login } from './revocation-support.js';

const HOURLY_LOGINS = 20;

describeEachDatabase('login throttle', (db) => {
  const server = useServer(db);

  it('blocks the next login, right password and all, after 20 in an hour', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const { authPW } = await stretch(email, PASSWORD);
    const api = new Api(server().origin);
    for (let i = 0; i < HOURLY_LOGINS; i++) {
      const res = await login(api, email, authPW);
      assert.equal(res.status, 200, `login ${i + 1}: ${res.text}`);
    }
    const blocked = await login(api, email, authPW);
    assertFxaError(blocked, 429, 114);
    assert.equal(blocked.body.retryAfter, 3600);
    // Another account from the same address is not affected.
    const other = randomEmail();
    await Client.create(server().origin, other, PASSWORD, { preVerified: true });
    await Client.login(server().origin, other, PASSWORD);
  });
});
