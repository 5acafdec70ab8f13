// Key fetching (spec §2.2 GET /account/keys, §3.5): kA and kB are stable for the life of
// the password, a keyFetchToken buys the keys exactly once, and only for a verified account.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { Keys } from '../client/client.js';
import { Client } from '../client/client.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, randomEmail, useServer } from './support.js';

describeEachDatabase('account keys', (db) => {
  const server = useServer(db);
  const email = randomEmail();
  let keysAtSignUp: Keys;

  before(async () => {
    const client = await Client.create(server().origin, email, PASSWORD, {
      keys: true,
      preVerified: true,
    });
    keysAtSignUp = await client.keys();
  });

  it('unbundles 32-byte kA and kB at sign-up', () => {
    assert.equal(keysAtSignUp.kA.length, 32);
    assert.equal(keysAtSignUp.kB.length, 32);
    assert.notDeepEqual(keysAtSignUp.kA, keysAtSignUp.kB);
  });

  it('gives the same kA and kB on every later login', async () => {
    for (let i = 0; i < 2; i++) {
      const client = await Client.login(server().origin, email, PASSWORD, { keys: true });
      const keys = await client.keys();
      assert.deepEqual(keys.kA, keysAtSignUp.kA, 'kA never changes');
      assert.deepEqual(keys.kB, keysAtSignUp.kB, 'kB is preserved while the password is');
    }
  });

  it('sends a 96-byte bundle and then forgets the keyFetchToken (110)', async () => {
    const client = await Client.login(server().origin, email, PASSWORD, { keys: true });
    const token = { type: 'keyFetchToken' as const, seedHex: client.keyFetchToken ?? '' };
    const first = await client.request('GET', '/v1/account/keys', { token });
    assert.equal(first.status, 200, first.text);
    assert.match(String(first.body.bundle), /^[0-9a-f]{192}$/);

    const second = await client.request('GET', '/v1/account/keys', { token });
    assertFxaError(second, 401, 110);
  });

  it('refuses an unverified account with 104 and keeps its token', async () => {
    const client = await Client.create(server().origin, randomEmail(), PASSWORD, { keys: true });
    const token = { type: 'keyFetchToken' as const, seedHex: client.keyFetchToken ?? '' };
    const first = await client.request('GET', '/v1/account/keys', { token });
    assertFxaError(first, 400, 104);
    // The token survives, so the client can fetch the keys after verification.
    const second = await client.request('GET', '/v1/account/keys', { token });
    assertFxaError(second, 400, 104);
  });

  it('does not accept a sessionToken in place of a keyFetchToken', async () => {
    const client = await Client.login(server().origin, email, PASSWORD);
    const res = await client.request('GET', '/v1/account/keys', {
      token: { type: 'keyFetchToken', seedHex: client.sessionToken },
    });
    assertFxaError(res, 401, 110);
  });
});
