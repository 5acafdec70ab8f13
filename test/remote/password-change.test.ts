// Changing a password keeps kB (onepw re-wraps it) and ends every session.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ApiError } from '../client/api.js';
import { Client } from '../client/client.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { stretch } from '../client/onepw.js';
import { PASSWORD, assertFxaError, randomEmail, randomHex, useServer } from './support.js';

const NEW_PASSWORD = 'a whole new password';

describeEachDatabase('password change', (db) => {
  const server = useServer(db);

  it('keeps kB, refuses the old password (103), kills old sessions (110) and mails a notice', async () => {
    const email = randomEmail();
    const client = await Client.create(server().origin, email, PASSWORD, {
      keys: true,
      preVerified: true,
    });
    const keysBefore = await client.keys();
    const other = await Client.login(server().origin, email, PASSWORD);

    await client.changePassword(NEW_PASSWORD);

    await assert.rejects(Client.login(server().origin, email, PASSWORD), (err: ApiError) => {
      assert.equal(err.errno, 103);
      return true;
    });
    const fresh = await Client.login(server().origin, email, NEW_PASSWORD, { keys: true });
    assert.deepEqual(await fresh.keys(), keysBefore, 'kA and kB are unchanged');
    for (const old of [client, other]) {
      assertFxaError(
        await old.request('GET', '/v1/session/status', { token: old.session() }),
        401,
        110,
      );
    }
    const mails = await new Mailbox(server().mailSinkUrl).waitFor(email);
    assert.match(mails[0]?.headers['x-link'] ?? '', /reset_password\?email=/);
  });

  it('checks the old password (103) and its spelling (120) before starting', async () => {
    const email = randomEmail('Mixed');
    const client = await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const wrong = await client.request('POST', '/v1/password/change/start', {
      body: { email, oldAuthPW: randomHex(32) },
    });
    assertFxaError(wrong, 400, 103);
    const lower = await client.request('POST', '/v1/password/change/start', {
      body: { email: email.toLowerCase(), oldAuthPW: randomHex(32) },
    });
    assertFxaError(lower, 400, 120);
  });

  it('spends the passwordChangeToken once (a replay gets 110)', async () => {
    const email = randomEmail();
    const client = await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const { authPW } = await stretch(email, PASSWORD);
    const start = await client.api.call('POST', '/v1/password/change/start', {
      body: { email, oldAuthPW: authPW.toString('hex') },
    });
    const token = {
      type: 'passwordChangeToken' as const,
      seedHex: String(start.passwordChangeToken),
    };
    const body = { authPW: randomHex(32), wrapKb: randomHex(32) };
    const first = await client.request('POST', '/v1/password/change/finish', { token, body });
    assert.equal(first.status, 200);
    const replay = await client.request('POST', '/v1/password/change/finish', { token, body });
    assertFxaError(replay, 401, 110);
  });
});
