// A password reset signs out whoever knew the old password, even those whose
// requests were already under way when it committed: logins that verified
// the old password, OAuth codes and tokens, and devices being registered.
// Each story fires the racing requests together with the reset and then
// checks that nothing issued on the old password still works.
//
// Customs is off: the racing logins fail as wrong passwords once the reset
// wins, and the throttle that would then trip is customs.test.ts's story.
// The hashing bound is raised so that every racing login is hashed rather
// than shed with 503.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { listDevices, registerDevice } from '../client/devices.js';
import {
  authorize,
  exchangeCode,
  fxaCredentials,
  newPkce,
  refreshGrant,
  verifyToken,
} from '../client/oauth.js';
import { stretch } from '../client/onepw.js';
import { resetPassword } from '../client/recovery.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, randomEmail, useServer } from './support.js';
import {
  accountResetToken,
  assertKeyFetchDead,
  assertSessionDead,
  login,
} from './revocation-support.js';

const NEW_PASSWORD = 'a new password after the reset';
// Logins start one every LOGIN_SPACING_MS while the reset runs, so some are
// always between reading the old verifier and storing their session when
// it commits; at least MIN_LOGINS, and at most MAX_LOGINS.
const LOGIN_SPACING_MS = 25;
const MIN_LOGINS = 8;
const MAX_LOGINS = 40;
const SCOPE = 'profile';

describeEachDatabase('revocation races', (db) => {
  const server = useServer(db, {
    customs: { enabled: false },
    scrypt: { maxPending: MAX_LOGINS + 8 },
  });
  const api = () => new Api(server().origin);

  it('leaves no session or keyFetchToken from logins with the old password that raced a reset', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const resetToken = await accountResetToken(api(), server().mailSinkUrl, email);
    const { authPW } = await stretch(email, PASSWORD);

    let resetDone = false;
    const reset = resetPassword(api(), email, resetToken, NEW_PASSWORD).finally(() => {
      resetDone = true;
    });
    const logins = [];
    while (logins.length < MAX_LOGINS && (logins.length < MIN_LOGINS || !resetDone)) {
      logins.push(login(api(), email, authPW));
      await new Promise((resolve) => setTimeout(resolve, LOGIN_SPACING_MS));
    }
    const [, ...answers] = await Promise.all([reset, ...logins]);

    for (const [i, res] of answers.entries()) {
      if (res.status === 200) {
        await assertSessionDead(api(), String(res.body.sessionToken), `login ${i}`);
        await assertKeyFetchDead(api(), String(res.body.keyFetchToken), `login ${i}`);
      } else {
        assert.deepEqual([res.status, res.body.errno], [400, 103], `login ${i}: ${res.text}`);
      }
    }
    // The new password is the one that works now.
    const fresh = await Client.login(server().origin, email, NEW_PASSWORD, { keys: true });
    assert.equal((await fresh.sessionStatus()).state, 'verified');
  });

  it('leaves no code, token or device granted on old sessions that raced a reset', async () => {
    const email = randomEmail();
    const owner = await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const others = await Promise.all(
      [1, 2, 3].map(() => Client.login(server().origin, email, PASSWORD)),
    );
    const offline = await fxaCredentials(owner.api, owner.session(), {
      scope: SCOPE,
      accessType: 'offline',
    });
    const refreshToken = String(offline.body.refresh_token);
    const resetToken = await accountResetToken(api(), server().mailSinkUrl, email);

    const granted = { codes: [] as string[], access: [] as string[], refresh: [] as string[] };
    const devices: Promise<unknown>[] = [];
    let resetDone = false;
    const reset = resetPassword(api(), email, resetToken, NEW_PASSWORD).finally(() => {
      resetDone = true;
    });
    // Waves of grants on the old credentials until the reset has answered.
    for (let wave = 0; wave < 400 && !resetDone; wave++) {
      const other = others[wave];
      if (other !== undefined) {
        devices.push(
          registerDevice(other, { name: `Racer ${wave}`, type: 'desktop' }).catch(() => undefined),
        );
      }
      const pkce = newPkce();
      const [code, token, refreshed] = await Promise.all([
        authorize(owner.api, owner.session(), { scope: SCOPE, pkce }),
        fxaCredentials(owner.api, owner.session(), { scope: SCOPE, accessType: 'offline' }),
        refreshGrant(owner.api, { refreshToken }),
      ]);
      if (code.status === 200) granted.codes.push(`${String(code.body.code)} ${pkce.verifier}`);
      for (const res of [token, refreshed]) {
        if (res.status !== 200) continue;
        granted.access.push(String(res.body.access_token));
        if (typeof res.body.refresh_token === 'string')
          granted.refresh.push(res.body.refresh_token);
      }
    }
    await reset;
    await Promise.all(devices);

    for (const entry of granted.codes) {
      const [code = '', verifier] = entry.split(' ');
      const res = await exchangeCode(owner.api, { code, verifier });
      assert.notEqual(res.status, 200, `a code from before the reset was exchanged: ${res.text}`);
    }
    for (const accessToken of granted.access) {
      const res = await verifyToken(api(), accessToken);
      assert.deepEqual([res.status, res.body.errno], [401, 110], 'an access token survived');
    }
    for (const token of [refreshToken, ...granted.refresh]) {
      const res = await refreshGrant(owner.api, { refreshToken: token });
      assert.notEqual(res.status, 200, 'a refresh token survived the reset');
    }
    for (const other of [owner, ...others])
      await assertSessionDead(api(), other.sessionToken, 'old session');
    const fresh = await Client.login(server().origin, email, NEW_PASSWORD);
    assert.deepEqual(await listDevices(fresh), [], 'no device outlived the reset');
  });
});
