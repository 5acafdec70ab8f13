// Sessions and account status (spec §2.2): a session names its account, signing out
// kills exactly that session, and status answers by uid, by email or by session.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  PASSWORD,
  assertFxaError,
  assertOk,
  randomEmail,
  randomHex,
  useServer,
} from './support.js';

describeEachDatabase('sessions and account status', (db) => {
  const server = useServer(db);
  const email = randomEmail();
  let account: Client;

  before(async () => {
    account = await Client.create(server().origin, email, PASSWORD, { preVerified: true });
  });

  it('names the account of a session', async () => {
    assert.deepEqual(await account.sessionStatus(), { state: 'verified', uid: account.uid });
  });

  it('signs out one session and leaves the others working', async () => {
    const laptop = await Client.login(server().origin, email, PASSWORD);
    const phone = await Client.login(server().origin, email, PASSWORD);

    await laptop.destroySession();
    const gone = await laptop.request('GET', '/v1/session/status', { token: laptop.session() });
    assertFxaError(gone, 401, 110);

    assert.deepEqual(await phone.sessionStatus(), { state: 'verified', uid: phone.uid });
  });

  it('cannot sign out the same session twice', async () => {
    const client = await Client.login(server().origin, email, PASSWORD);
    await client.destroySession();
    const again = await client.request('POST', '/v1/session/destroy', { token: client.session() });
    assertFxaError(again, 401, 110);
  });

  it('tells whether a uid exists', async () => {
    const api = new Api(server().origin);
    const known = await api.request('GET', '/v1/account/status', { query: { uid: account.uid } });
    assertOk(known);
    assert.deepEqual(known.body, { exists: true });

    const unknown = await api.request('GET', '/v1/account/status', {
      query: { uid: randomHex(16) },
    });
    assertOk(unknown);
    assert.deepEqual(unknown.body, { exists: false });
  });

  it('tells whether an email exists', async () => {
    const api = new Api(server().origin);
    const known = await api.request('POST', '/v1/account/status', { body: { email } });
    assertOk(known);
    assert.deepEqual(known.body, { exists: true });

    const unknown = await api.request('POST', '/v1/account/status', {
      body: { email: randomEmail('nobody') },
    });
    assertOk(unknown);
    assert.deepEqual(unknown.body, { exists: false });
  });

  it('reports the account of the session that asks', async () => {
    const status = await account.accountStatus();
    assert.equal(status.exists, true);
  });

  it('needs a uid or a session to answer (108)', async () => {
    const api = new Api(server().origin);
    const res = await api.request('GET', '/v1/account/status');
    assertFxaError(res, 400, 108);
  });

  it('rejects a uid that is not 32 hex characters (107)', async () => {
    const api = new Api(server().origin);
    const res = await api.request('GET', '/v1/account/status', { query: { uid: 'xyz' } });
    assertFxaError(res, 400, 107);
  });
});
