// /account/scoped-key-data and when its keyRotationTimestamp moves: with kB
// (sign-up, password reset), not with a password change, which keeps kB.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { FIREFOX_CLIENT_ID } from '../client/oauth.js';
import { forgotPassword, resetPassword, verifyRecoveryCode } from '../client/recovery.js';
import { OLDSYNC_SCOPE, deriveOldsyncKey, scopedKeyData } from '../client/scoped-keys.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { PASSWORD, assertFxaError, assertOk, randomEmail, useServer } from './support.js';

const NEW_PASSWORD = 'another password entirely';

describeEachDatabase('scoped keys', (db) => {
  const server = useServer(db);

  async function oldsyncData(client: Client) {
    const data = await scopedKeyData(
      client.api,
      client.session(),
      FIREFOX_CLIENT_ID,
      OLDSYNC_SCOPE,
    );
    const entry = data[OLDSYNC_SCOPE];
    assert.ok(entry, 'oldsync has key data');
    return entry;
  }

  async function oldsyncKid(client: Client) {
    const { keyRotationTimestamp } = await oldsyncData(client);
    return (await deriveOldsyncKey((await client.keys()).kB, keyRotationTimestamp)).kid;
  }

  it('keeps the timestamp and the kid through a password change', async () => {
    const email = randomEmail();
    const before = await Client.create(server().origin, email, PASSWORD, {
      preVerified: true,
      keys: true,
    });
    const kidBefore = await oldsyncKid(before);
    await before.changePassword(NEW_PASSWORD);
    const after = await Client.login(server().origin, email, NEW_PASSWORD, { keys: true });
    assert.equal(await oldsyncKid(after), kidBefore);
  });

  it('moves the timestamp forward with the new kB of a password reset', async () => {
    const email = randomEmail();
    const before = await Client.create(server().origin, email, PASSWORD, {
      preVerified: true,
      keys: true,
    });
    const dataBefore = await oldsyncData(before);
    const kidBefore = await oldsyncKid(before);

    const api = new Api(server().origin);
    const { passwordForgotToken } = await forgotPassword(api, email);
    const [mail] = await new Mailbox(server().mailSinkUrl).waitFor(email, {
      match: (m) => m.headers['x-recovery-code'] !== undefined,
    });
    const code = mail?.headers['x-recovery-code'] ?? '';
    const resetToken = await verifyRecoveryCode(api, passwordForgotToken, code);
    await resetPassword(api, email, resetToken, NEW_PASSWORD);

    const after = await Client.login(server().origin, email, NEW_PASSWORD, { keys: true });
    const dataAfter = await oldsyncData(after);
    assert.ok(dataAfter.keyRotationTimestamp > dataBefore.keyRotationTimestamp);
    const kidAfter = await oldsyncKid(after);
    assert.notEqual(kidAfter, kidBefore);
    assert.match(kidAfter, new RegExp(`^${dataAfter.keyRotationTimestamp}-`));
  });

  it('reports key data only for scopes with keys, to verified accounts of known clients', async () => {
    const user = await Client.create(server().origin, randomEmail(), PASSWORD, {
      preVerified: true,
    });
    const ask = (client: Client, body: Record<string, unknown>) =>
      client.request('POST', '/v1/account/scoped-key-data', { token: client.session(), body });
    const profileOnly = await ask(user, { client_id: FIREFOX_CLIENT_ID, scope: 'profile' });
    assertOk(profileOnly);
    assert.deepEqual(profileOnly.body, {});
    assertFxaError(await ask(user, { client_id: FIREFOX_CLIENT_ID, scope: 'openid' }), 400, 163);
    assertFxaError(await ask(user, { client_id: '1111111111111111', scope: 'profile' }), 400, 162);
    assertFxaError(await ask(user, { scope: OLDSYNC_SCOPE }), 400, 108);

    const unverified = await Client.create(server().origin, randomEmail(), PASSWORD);
    const res = await ask(unverified, { client_id: FIREFOX_CLIENT_ID, scope: OLDSYNC_SCOPE });
    assertFxaError(res, 400, 104);
  });
});
