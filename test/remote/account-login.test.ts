// Sign-in (spec §2.2 POST /account/login): the verified flag, the exact-spelling rule
// that makes the client re-stretch (errno 120), and the two ways a login can fail.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { stretch } from '../client/onepw.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  PASSWORD,
  assertFxaError,
  nowSeconds,
  randomEmail,
  randomHex,
  useServer,
} from './support.js';

describeEachDatabase('account login', (db) => {
  const server = useServer(db);
  // Mixed case on purpose: the stored spelling is what the password is salted with.
  const email = randomEmail('Story.Teller');
  let signUp: Client;

  before(async () => {
    signUp = await Client.create(server().origin, email, PASSWORD, { preVerified: true });
  });

  async function loginBody(asTyped: string, password = PASSWORD) {
    const { authPW } = await stretch(asTyped, password);
    return { email: asTyped, authPW: authPW.toString('hex') };
  }

  it('logs a verified account in with verified: true and a fresh session', async () => {
    const client = await Client.login(server().origin, email, PASSWORD);
    assert.equal(client.uid, signUp.uid);
    assert.equal(client.verified, true);
    assert.notEqual(client.sessionToken, signUp.sessionToken);
    assert.equal(client.keyFetchToken, undefined, 'no keys unless keys=true');
    assert.ok(Math.abs(client.authAt - nowSeconds()) <= 5, 'authAt is now, in seconds');
  });

  it('reports verified: false for an account that has not confirmed its email', async () => {
    const unverified = randomEmail();
    await Client.create(server().origin, unverified, PASSWORD);
    const client = await Client.login(server().origin, unverified, PASSWORD);
    assert.equal(client.verified, false);
  });

  it('answers 120 with the stored spelling, and the re-stretched login works', async () => {
    const api = new Api(server().origin);
    const typed = email.toLowerCase();
    const res = await api.request('POST', '/v1/account/login', { body: await loginBody(typed) });
    assertFxaError(res, 400, 120);
    assert.equal(res.body.email, email);

    // Firefox re-derives authPW with the spelling the server returned.
    const client = await Client.login(server().origin, String(res.body.email), PASSWORD);
    assert.equal(client.uid, signUp.uid);
  });

  it('checks the spelling before the password', async () => {
    const api = new Api(server().origin);
    const res = await api.request('POST', '/v1/account/login', {
      body: await loginBody(email.toUpperCase(), 'not the password'),
    });
    assertFxaError(res, 400, 120);
  });

  it('refuses a wrong password with 103 and names the account', async () => {
    const api = new Api(server().origin);
    const res = await api.request('POST', '/v1/account/login', {
      body: await loginBody(email, 'not the password'),
    });
    assertFxaError(res, 400, 103);
    assert.equal(res.body.email, email);
  });

  it('refuses an address nobody registered with 102', async () => {
    const api = new Api(server().origin);
    const res = await api.request('POST', '/v1/account/login', {
      body: await loginBody(randomEmail('nobody')),
    });
    assertFxaError(res, 400, 102);
  });

  it('round-trips a non-ASCII address and password through stretching', async () => {
    const unicodeEmail = `andré-${randomHex(4)}@example.org`;
    const password = 'pässwörd';
    const created = await Client.create(server().origin, unicodeEmail, password, {
      keys: true,
      preVerified: true,
    });
    const keysAtSignUp = await created.keys();
    const client = await Client.login(server().origin, unicodeEmail, password, { keys: true });
    assert.equal(client.uid, created.uid);
    assert.deepEqual(await client.keys(), keysAtSignUp);
  });
});
