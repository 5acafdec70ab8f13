// Hawk authentication (spec §4): which failures mean "unknown token" (110), "bad
// signature" (109) and "wrong clock" (111), and how a client with a skewed clock recovers.
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { Client } from '../client/client.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  PASSWORD,
  assertFxaError,
  nowSeconds,
  randomEmail,
  randomHex,
  useServer,
} from './support.js';

const TEN_MINUTES = 600;

describeEachDatabase('hawk authentication', (db) => {
  const server = useServer(db);
  let account: Client;

  before(async () => {
    account = await Client.create(server().origin, randomEmail(), PASSWORD, { preVerified: true });
  });

  function status(opts: Parameters<Client['request']>[2]) {
    return account.request('GET', '/v1/session/status', opts);
  }

  it('answers a token it never issued with 110', async () => {
    const res = await status({ token: { type: 'sessionToken', seedHex: randomHex(32) } });
    assertFxaError(res, 401, 110);
  });

  it('answers a token id that is not hex with 110', async () => {
    const res = await status({ token: account.session(), hawk: { id: 'g'.repeat(64) } });
    assertFxaError(res, 401, 110);
  });

  it('answers a Hawk route without Authorization with 110', async () => {
    assertFxaError(await status({}), 401, 110);
    const destroy = await account.request('POST', '/v1/session/destroy', {});
    assertFxaError(destroy, 401, 110);
  });

  it('answers a MAC made with the wrong key with 109', async () => {
    const res = await status({ token: account.session(), hawk: { key: Buffer.alloc(32, 7) } });
    assertFxaError(res, 401, 109);
  });

  it('answers a timestamp ten minutes old with 111 and the server time', async () => {
    const res = await status({
      token: account.session(),
      hawk: { timestamp: nowSeconds() - TEN_MINUTES },
      retryStale: false,
    });
    assertFxaError(res, 401, 111);
    assert.equal(typeof res.body.serverTime, 'number');
    assert.ok(Math.abs(Number(res.body.serverTime) - nowSeconds()) <= 5, 'serverTime is now');

    const ahead = await status({
      token: account.session(),
      hawk: { timestamp: nowSeconds() + TEN_MINUTES },
      retryStale: false,
    });
    assertFxaError(ahead, 401, 111);
  });

  it('lets a client with a slow clock recover by retrying once', async () => {
    const client = await Client.login(server().origin, account.email, PASSWORD);
    client.api.clockOffsetMs = -TEN_MINUTES * 1000;
    assert.deepEqual(await client.sessionStatus(), { state: 'verified', uid: client.uid });
    assert.equal(client.api.staleRetries, 1, 'the first attempt was refused as stale');
    assert.ok(Math.abs(client.api.clockOffsetMs) < 5000, 'the offset was corrected');
  });
});

describeEachDatabase('hawk with a configured clock skew', (db) => {
  const server = useServer(db, { hawk: { timestampSkewSec: 3600 } });

  it('accepts a timestamp ten minutes old when told to tolerate an hour', async () => {
    const client = await Client.create(server().origin, randomEmail(), PASSWORD);
    const res = await client.request('GET', '/v1/session/status', {
      token: client.session(),
      hawk: { timestamp: nowSeconds() - TEN_MINUTES },
      retryStale: false,
    });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body, { state: 'unverified', uid: client.uid });
  });
});
