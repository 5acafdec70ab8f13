// How much one account may hold, end to end: past a cap the newest grant is
// refused with errno 189 naming the cap, and everything already held keeps
// working; an oversized command payload is refused with 413; refresh and
// key fetch tokens left unused expire. Caps are set low here so a story can
// reach them; the defaults are far above what a real user holds.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Client } from '../client/client.js';
import { OPEN_URI, invokeCommand, registerDevice } from '../client/devices.js';
import { fxaCredentials, refreshGrant } from '../client/oauth.js';
import { stretch } from '../client/onepw.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, randomEmail, useServer } from './support.js';

const MINUTE = 60_000;

describeEachDatabase('account limits', (db) => {
  const server = useServer(db, {
    customs: { enabled: false },
    limits: {
      sessionsPerAccount: 3,
      commandsPerDevice: 2,
      commandPayloadBytes: 1024,
      refreshTokenUnusedMs: 10 * MINUTE,
    },
    tokenLifetimes: { keyFetchToken: 10 * MINUTE },
  });

  it('refuses the sign-in past sessionsPerAccount and keeps the sessions held', async () => {
    const email = randomEmail();
    const first = await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const second = await Client.login(server().origin, email, PASSWORD);
    await Client.login(server().origin, email, PASSWORD);
    const { authPW } = await stretch(email, PASSWORD);
    const refused = await first.request('POST', '/v1/account/login', {
      body: { email, authPW: authPW.toString('hex') },
    });
    assertFxaError(refused, 400, 189);
    assert.equal(refused.body.limit, 'sessionsPerAccount');
    assert.equal((await first.sessionStatus()).state, 'verified', 'the first session still works');
    // Signing one out makes room for the next sign-in.
    await second.destroySession();
    await Client.login(server().origin, email, PASSWORD);
  });

  it('refuses a command past commandsPerDevice and a payload past commandPayloadBytes', async () => {
    const email = randomEmail();
    const sender = await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const target = await Client.login(server().origin, email, PASSWORD);
    const { id } = await registerDevice(target, {
      name: 'Receiver',
      type: 'mobile',
      availableCommands: { [OPEN_URI]: 'bundle' },
    });
    const send = (payload: Record<string, unknown>) =>
      sender.request('POST', '/v1/account/devices/invoke_command', {
        token: sender.session(),
        body: { target: String(id), command: OPEN_URI, payload },
      });
    assertFxaError(await send({ encrypted: 'x'.repeat(1100) }), 413, 113);
    await invokeCommand(sender, String(id), OPEN_URI, { encrypted: 'one' });
    await invokeCommand(sender, String(id), OPEN_URI, { encrypted: 'two' });
    const full = await send({ encrypted: 'three' });
    assertFxaError(full, 400, 189);
    assert.equal(full.body.limit, 'commandsPerDevice');
  });

  it('expires a refresh token left unused for refreshTokenUnusedMs', async () => {
    const user = await Client.create(server().origin, randomEmail(), PASSWORD, {
      preVerified: true,
    });
    const grant = async () => {
      const res = await fxaCredentials(user.api, user.session(), {
        scope: 'profile',
        accessType: 'offline',
      });
      assert.equal(res.status, 200, res.text);
      return String(res.body.refresh_token);
    };
    const used = await grant();
    const idle = await grant();
    server().advanceClock(6 * MINUTE);
    assert.equal((await refreshGrant(user.api, { refreshToken: used })).status, 200);
    server().advanceClock(6 * MINUTE);
    // `used` was used 6 minutes ago; `idle` has not been used for 12.
    assert.equal((await refreshGrant(user.api, { refreshToken: used })).status, 200);
    // (The server's clock runs ahead here, so its Timestamp header is not checked.)
    const expired = await refreshGrant(user.api, { refreshToken: idle });
    assert.deepEqual([expired.status, expired.body.errno], [400, 182]);
  });

  it('expires a keyFetchToken older than its lifetime', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const stale = await Client.login(server().origin, email, PASSWORD, { keys: true });
    server().advanceClock(11 * MINUTE);
    const res = await stale.request('GET', '/v1/account/keys', {
      token: { type: 'keyFetchToken', seedHex: stale.keyFetchToken ?? '' },
    });
    assert.deepEqual([res.status, res.body.errno], [401, 110]);
  });
});
