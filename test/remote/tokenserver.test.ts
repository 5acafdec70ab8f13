// The built-in tokenserver as Firefox meets it (sync.md §1, firefox.md §4):
// a real oldsync access token from our own OAuth and the kid of the key
// derived from kB buy a tokenlib token for the storage node, and every way
// of getting the request wrong answers with the exact error row of §1.2.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { destroyToken, fxaCredentials } from '../client/oauth.js';
import { OLDSYNC_SCOPE } from '../client/scoped-keys.js';
import { TOKEN_PATH, getSyncToken } from '../client/tokenserver.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { SyncUsersTable } from '../helpers/sync-users.js';
import { parseToken, signingKey, tokenSecret } from '../../src/sync/tokenlib.js';
import { nowSeconds, useServer } from './support.js';
import {
  MASTER_SECRET,
  assertTokenserverError,
  splitKeyId,
  syncingBrowser,
  unauthorized,
} from './tokenserver-support.js';

describeEachDatabase('tokenserver', (db) => {
  const server = useServer(db, { sync: { masterSecret: MASTER_SECRET } });
  const api = () => new Api(server().origin);
  const browser = () => syncingBrowser(server().origin);

  it('answers the URL discovery names with a token for the built-in storage (§1.4)', async () => {
    const discovery = await api().request('GET', '/.well-known/fxa-client-configuration');
    // Firefox: identity.sync.tokenserver.uri = sync_tokenserver_base_url + /1.0/sync/1.5
    const base = new URL(String(discovery.body.sync_tokenserver_base_url));
    assert.equal(`${base.pathname}/1.0/sync/1.5`, TOKEN_PATH);

    const { client, creds } = await browser();
    const res = await getSyncToken(api(), creds);
    assert.equal(res.status, 200, res.text);
    const body = res.body as Record<string, unknown>;
    const uid = Number(body.uid);
    assert.ok(Number.isSafeInteger(uid) && uid > 0);
    assert.deepEqual(
      { ...body, id: undefined, key: undefined, hashed_fxa_uid: undefined },
      {
        id: undefined,
        key: undefined,
        hashed_fxa_uid: undefined,
        uid,
        api_endpoint: `${server().publicUrl}/sync/1.5/${uid}`,
        duration: 3600,
        hashalg: 'sha256',
        node_type: db().kind,
      },
    );
    assert.match(String(body.hashed_fxa_uid), /^[0-9a-f]{32}$/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.ok(Math.abs(Number(res.headers.get('x-timestamp')) - nowSeconds()) <= 5);

    // The storage node reads the token with nothing but the shared secret (§1.5).
    const master = Buffer.from(MASTER_SECRET, 'utf8');
    const payload = parseToken(String(body.id), signingKey(master));
    assert.ok(payload, 'the token id is signed with the master secret');
    assert.equal(payload.uid, uid);
    assert.equal(payload.node, `${server().publicUrl}/sync`);
    assert.equal(payload.fxa_uid, client.uid);
    assert.equal(payload.hashed_fxa_uid, body.hashed_fxa_uid);
    const { stamp, state } = splitKeyId(creds.keyId);
    assert.equal(payload.fxa_kid, `${stamp.padStart(13, '0')}-${state}`);
    assert.ok(Math.abs(payload.expires - (nowSeconds() + 3600)) <= 5);
    const key = tokenSecret(master, String(body.id), payload.salt);
    assert.equal(body.key, key.replaceAll('+', '-').replaceAll('/', '_'));

    // The same account and keys keep their uid.
    const again = await getSyncToken(api(), creds);
    assert.equal(again.body.uid, uid);
    assert.notEqual(again.body.id, body.id, 'each token is minted afresh');
  });

  it('honours ?duration up to the configured lifetime, and ignores nonsense', async () => {
    const { creds } = await browser();
    const durations: unknown[] = [];
    for (const duration of ['12', '4000', 'lolwut', '-1', '1e3']) {
      const res = await getSyncToken(api(), { ...creds, query: { duration } });
      assert.equal(res.status, 200, res.text);
      durations.push(res.body.duration);
    }
    assert.deepEqual(durations, [12, 3600, 3600, 3600, 3600]);
  });

  it('refuses a missing or schemeless Authorization header (row 1) and other schemes (row 2)', async () => {
    const { creds } = await browser();
    const none = await getSyncToken(api(), { keyId: creds.keyId, authorization: null });
    assertTokenserverError(none, ...unauthorized('error'));
    const bare = await getSyncToken(api(), { ...creds, authorization: creds.accessToken });
    assertTokenserverError(bare, ...unauthorized('error'));
    const hawk = await getSyncToken(api(), {
      ...creds,
      authorization: `Hawk id="${creds.accessToken}"`,
    });
    assertTokenserverError(hawk, 401, 'error', { location: 'body', description: 'Unsupported' });
    // The scheme is compared without regard to case.
    const shouted = await getSyncToken(api(), {
      ...creds,
      authorization: `BEARER ${creds.accessToken}`,
    });
    assert.equal(shouted.status, 200, shouted.text);
  });

  it('refuses access tokens that are forged, for another scope, revoked or expired (row 3)', async () => {
    const { client, creds } = await browser();
    const forged = `${creds.accessToken.slice(0, -4)}AAAA`;
    assertTokenserverError(
      await getSyncToken(api(), { ...creds, accessToken: forged }),
      ...unauthorized('invalid-credentials'),
    );
    assertTokenserverError(
      await getSyncToken(api(), { ...creds, accessToken: 'not a token at all' }),
      ...unauthorized('invalid-credentials'),
    );

    const profile = await fxaCredentials(client.api, client.session(), { scope: 'profile' });
    const profileToken = String(profile.body.access_token);
    assertTokenserverError(
      await getSyncToken(api(), { ...creds, accessToken: profileToken }),
      ...unauthorized('invalid-credentials'),
    );

    const second = await fxaCredentials(client.api, client.session(), { scope: OLDSYNC_SCOPE });
    const revoked = String(second.body.access_token);
    assert.equal((await getSyncToken(api(), { ...creds, accessToken: revoked })).status, 200);
    await destroyToken(client.api, revoked);
    assertTokenserverError(
      await getSyncToken(api(), { ...creds, accessToken: revoked }),
      ...unauthorized('invalid-credentials'),
    );

    // Six hours later the token Firefox asked for has expired.
    server().advanceClock(21_601_000);
    try {
      assertTokenserverError(
        await getSyncToken(api(), creds),
        ...unauthorized('invalid-credentials'),
      );
    } finally {
      server().advanceClock(-21_601_000);
    }
    assert.equal((await getSyncToken(api(), creds)).status, 200, 'good again at the right time');
  });

  it('checks the token before X-KeyID, and refuses a missing or non-text X-KeyID (row 4)', async () => {
    const { creds } = await browser();
    const missing = await getSyncToken(api(), { accessToken: creds.accessToken });
    assertTokenserverError(missing, 401, 'invalid-key-id', {
      location: 'header',
      description: 'Missing X-KeyID header',
    });
    const latin1 = await getSyncToken(api(), { ...creds, keyId: `12\u00e9-${creds.keyId}` });
    assertTokenserverError(latin1, 401, 'invalid-key-id', {
      location: 'header',
      description: 'Invalid X-KeyID header',
    });
    const badTokenToo = await getSyncToken(api(), { accessToken: 'nope' });
    assertTokenserverError(badTokenToo, ...unauthorized('invalid-credentials'));
  });

  it('refuses an X-KeyID without a dash, with bad base64 or a non-integer time (row 5)', async () => {
    const { creds } = await browser();
    const { stamp, state } = splitKeyId(creds.keyId);
    for (const keyId of [
      // Without its dashes: base64url may hold one, and stamp + "8-..." would
      // read as a later keys_changed_at with another client state.
      `${stamp}${state.replaceAll('-', '')}`,
      `${stamp}-state!`,
      `${stamp}-${state}=`,
      `x${stamp}-${state}`,
      `1.5-${state}`,
    ]) {
      const res = await getSyncToken(api(), { ...creds, keyId });
      assertTokenserverError(res, ...unauthorized('invalid-credentials'));
    }
  });

  it('refuses a malformed X-Client-State with 400 (row 6), a different one with 401 (row 7)', async () => {
    const { creds } = await browser();
    const malformed = await getSyncToken(api(), { ...creds, xClientState: 'state!' });
    assertTokenserverError(malformed, 400, 'error', {
      location: 'header',
      name: 'X-Client-State',
      description: 'Invalid client state value',
    });
    // The client state is checked before the time part of X-KeyID is read.
    const { state } = splitKeyId(creds.keyId);
    const both = await getSyncToken(api(), {
      ...creds,
      keyId: `soon-${state}`,
      xClientState: 'state!',
    });
    assert.equal(both.status, 400);

    const other = await getSyncToken(api(), { ...creds, xClientState: 'aaaa' });
    assertTokenserverError(other, ...unauthorized('invalid-client-state'));
    const same = await getSyncToken(api(), { ...creds, xClientState: creds.clientState });
    assert.equal(same.status, 200, same.text);
  });

  it('refuses other applications and versions once the credentials are good (row 8)', async () => {
    const { creds } = await browser();
    const app = await getSyncToken(api(), { ...creds, path: '/token/1.0/xXx/token' });
    assertTokenserverError(app, 404, 'error', {
      location: 'url',
      name: 'application',
      description: 'Unsupported application',
    });
    const version = await getSyncToken(api(), { ...creds, path: '/token/1.0/sync/1.2' });
    assertTokenserverError(version, 404, 'error', {
      location: 'url',
      name: '1.2',
      description: 'Unsupported application version',
    });
    const anonymous = await getSyncToken(api(), {
      authorization: null,
      path: '/token/1.0/sync/1.2',
    });
    assertTokenserverError(anonymous, ...unauthorized('error'));
  });

  it('keeps hapi and FxA error bodies out of everything under /token', async () => {
    const { creds } = await browser();
    const lost = await getSyncToken(api(), { ...creds, path: '/token/1.0/sync' });
    assertTokenserverError(lost, 404, 'error', { location: 'url', description: 'Not Found' });
    const posted = await getSyncToken(api(), { ...creds, method: 'POST' });
    assertTokenserverError(posted, 405, 'error', {
      location: 'url',
      description: 'Method Not Allowed',
    });
  });

  it('writes no token, key or credential into the log', async () => {
    const { creds } = await browser();
    const res = await getSyncToken(api(), { ...creds, accessToken: `${creds.accessToken}x` });
    assert.equal(res.status, 401);
    const ok = await getSyncToken(api(), creds);
    assert.equal(ok.status, 200);
    const logs = server().logs();
    for (const secret of [
      creds.accessToken,
      String(ok.body.id),
      String(ok.body.key),
      creds.keyId,
    ]) {
      assert.ok(!logs.includes(secret), 'a secret reached the log');
    }
    assert.ok(logs.includes('"path":"/token/1.0/sync/1.5"'), 'the request is logged');
  });
});

describeEachDatabase('tokenserver when its database fails', (db) => {
  const server = useServer(db, { sync: { masterSecret: MASTER_SECRET } });
  const api = () => new Api(server().origin);

  it('answers 503 with the §1.2 body while tokens or users cannot be read, then recovers', async () => {
    const { creds } = await syncingBrowser(server().origin);
    const table = await SyncUsersTable.open(db().url);
    try {
      for (const name of ['oauthAccessTokens', 'sync_users']) {
        const restore = await table.hide(name);
        try {
          const res = await getSyncToken(api(), creds);
          assertTokenserverError(res, 503, 'error', {
            location: 'body',
            description: 'Resource is not available',
          });
        } finally {
          await restore();
        }
      }
    } finally {
      await table.close();
    }
    assert.equal((await getSyncToken(api(), creds)).status, 200);
    assert.match(server().logs(), /tokenserver failed/);
  });
});

describeEachDatabase('tokenserver pointing at an external syncstorage-rs node', (db) => {
  const NODE = 'https://sync.example.net:8000';
  const server = useServer(db, { sync: { masterSecret: MASTER_SECRET, nodeUrl: `${NODE}/` } });

  it('sends clients to the node, with tokens it can check with the shared secret alone', async () => {
    const { creds } = await syncingBrowser(server().origin);
    const res = await getSyncToken(new Api(server().origin), creds);
    assert.equal(res.status, 200, res.text);
    const uid = Number(res.body.uid);
    assert.equal(res.body.api_endpoint, `${NODE}/1.5/${uid}`);
    assert.equal(res.body.node_type, undefined, 'the node is not ours to describe');
    const master = Buffer.from(MASTER_SECRET, 'utf8');
    const payload = parseToken(String(res.body.id), signingKey(master));
    assert.deepEqual([payload?.uid, payload?.node], [uid, NODE]);
  });
});
