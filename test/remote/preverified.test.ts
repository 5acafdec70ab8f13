// preVerified is a testing shortcut (spec §2.2 create, step 3). A server configured to
// disallow it must refuse the flag outright rather than silently skip verification.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { stretch } from '../client/onepw.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, randomEmail, useServer } from './support.js';

describeEachDatabase('preVerified when the server disallows it', (db) => {
  const server = useServer(db, { account: { allowPreVerified: false } });

  it('rejects preVerified: true with 107', async () => {
    const email = randomEmail();
    const { authPW } = await stretch(email, PASSWORD);
    const res = await new Api(server().origin).request('POST', '/v1/account/create', {
      body: { email, authPW: authPW.toString('hex'), preVerified: true },
    });
    assertFxaError(res, 400, 107);

    const status = await new Api(server().origin).request('POST', '/v1/account/status', {
      body: { email },
    });
    assert.deepEqual(status.body, { exists: false }, 'no account was made');
  });

  it('still signs up an ordinary, unverified account', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD);
    const client = await Client.login(server().origin, email, PASSWORD);
    assert.equal(client.verified, false);
  });
});
