// Account deletion (spec §2.2 POST /account/destroy): proven by the password alone,
// and afterwards nothing of the account answers, neither login nor its sessions.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { stretch } from '../client/onepw.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, randomEmail, useServer } from './support.js';

describeEachDatabase('account destroy', (db) => {
  const server = useServer(db);

  it('deletes the account, its login and its sessions', async () => {
    const email = randomEmail();
    const client = await Client.create(server().origin, email, PASSWORD, { preVerified: true });

    await client.destroyAccount();

    const api = new Api(server().origin);
    const { authPW } = await stretch(email, PASSWORD);
    const login = await api.request('POST', '/v1/account/login', {
      body: { email, authPW: authPW.toString('hex') },
    });
    assertFxaError(login, 400, 102);

    const session = await client.request('GET', '/v1/session/status', { token: client.session() });
    assertFxaError(session, 401, 110);

    const status = await api.request('GET', '/v1/account/status', { query: { uid: client.uid } });
    assert.deepEqual(status.body, { exists: false });
  });

  it('keeps the account when the password is wrong (103)', async () => {
    const email = randomEmail();
    const client = await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const { authPW } = await stretch(email, 'not the password');
    const res = await client.request('POST', '/v1/account/destroy', {
      body: { email, authPW: authPW.toString('hex') },
    });
    assertFxaError(res, 400, 103);
    assert.deepEqual(await client.sessionStatus(), { state: 'verified', uid: client.uid });
  });

  it('refuses an address in the wrong case (120)', async () => {
    const email = randomEmail('Mixed');
    const client = await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const typed = email.toLowerCase();
    const { authPW } = await stretch(typed, PASSWORD);
    const res = await client.request('POST', '/v1/account/destroy', {
      body: { email: typed, authPW: authPW.toString('hex') },
    });
    assertFxaError(res, 400, 120);
    assert.equal(res.body.email, email);
  });

  it('answers 102 for an address nobody registered', async () => {
    const api = new Api(server().origin);
    const email = randomEmail('nobody');
    const { authPW } = await stretch(email, PASSWORD);
    const res = await api.request('POST', '/v1/account/destroy', {
      body: { email, authPW: authPW.toString('hex') },
    });
    assertFxaError(res, 400, 102);
  });
});
