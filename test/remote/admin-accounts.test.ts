// The admin CLI's account commands, run as an operator runs them against a
// live server's database: what they show is the truth the server serves,
// what they change the server enforces at once, and nothing secret is
// ever printed.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { registerDevice } from '../client/devices.js';
import { stretch } from '../client/onepw.js';
import { adminCli, adminJson, serverEnv } from '../helpers/admin-cli.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, randomEmail, useServer } from './support.js';
import { storageFor, syncingBrowser } from './tokenserver-support.js';

const BOOKMARK = { id: 'b1', payload: '{"ciphertext":"…","IV":"…","hmac":"…"}' };

interface Shown {
  uid: string;
  email: string;
  verified: boolean;
  devices: Array<{ id: string; name: string | null; type: string | null }>;
  sessions: Array<{ handle: string; device: string | null; browser: string | null }>;
}

describeEachDatabase('admin CLI: accounts', (db) => {
  const server = useServer(db);
  const env = () => serverEnv(server().config);
  const sessionStatus = (c: Client) =>
    c.request('GET', '/v1/session/status', { token: c.session() });

  it('lists accounts page by page and finds them by part of the address or uid', async () => {
    const tag = `pager${Date.now()}`;
    const clients = [];
    for (let i = 0; i < 3; i++) {
      const email = randomEmail(`${tag}-${i}`);
      clients.push(await Client.create(server().origin, email, PASSWORD, { preVerified: true }));
    }
    const all = await adminJson<{ total: number }>(['accounts'], env());
    assert.ok(all.total >= 3);
    // The newest three are the last three, in sign-up order.
    const last = await adminJson<{ accounts: Array<{ email: string }> }>(
      ['accounts', '--page', String(all.total - 2), '--per-page', '1'],
      env(),
    );
    assert.deepEqual(
      last.accounts.map((a) => a.email),
      [clients[0]!.email],
    );
    const found = await adminJson<{ accounts: Array<{ email: string }> }>(
      ['find', tag.toUpperCase()],
      env(),
    );
    assert.deepEqual(found.accounts.map((a) => a.email).sort(), clients.map((c) => c.email).sort());
    const byUid = await adminJson<{ accounts: Array<{ email: string }> }>(
      ['find', clients[1]!.uid],
      env(),
    );
    assert.deepEqual(byUid.accounts, [{ ...byUid.accounts[0], email: clients[1]!.email }]);
    const text = await adminCli(['accounts', '--per-page', '2'], env());
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^UID\s+EMAIL\s+VERIFIED\s+CREATED$/m);
    assert.match(text.stdout, /page 1 of \d+ \(\d+ accounts\)/);
  });

  it('shows an account with its devices and sessions, and never a secret', async () => {
    const email = randomEmail();
    const first = await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const second = await Client.login(server().origin, email, PASSWORD);
    const device = await registerDevice(second, { name: "Ada's Firefox", type: 'desktop' });

    const shown = await adminJson<Shown>(['show', email], env());
    assert.equal(shown.uid, first.uid);
    assert.equal(shown.verified, true);
    assert.deepEqual(
      shown.devices.map((d) => [d.id, d.name, d.type]),
      [[device.id, "Ada's Firefox", 'desktop']],
    );
    assert.equal(shown.sessions.length, 2);
    assert.deepEqual(shown.sessions.map((s) => s.device).sort(), [device.id, null].sort());

    const text = await adminCli(['show', first.uid], env());
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /sessions \(2\)/);
    assert.match(text.stdout, /Ada's Firefox/);
    for (const out of [text.stdout, JSON.stringify(shown)]) {
      // No token, key or hash: the only hex runs are uids and device ids (32 digits).
      assert.doesNotMatch(out, /[0-9a-f]{33,}/i);
      assert.ok(!out.includes(first.session().seedHex) && !out.includes(second.session().seedHex));
    }
  });

  it('revokes one session by its handle, one device, then every session', async () => {
    const email = randomEmail();
    const a = await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const b = await Client.login(server().origin, email, PASSWORD);
    const c = await Client.login(server().origin, email, PASSWORD);
    const device = await registerDevice(c, { name: 'phone', type: 'mobile' });
    const shown = await adminJson<Shown>(['show', email], env());
    // a's session is the oldest: sessions are listed in the order they began.
    const handleOfA = shown.sessions[0]!.handle;
    // Each is read first, so what the server remembers (read-cache.ts) is in play.
    for (const client of [a, b, c]) assert.equal((await sessionStatus(client)).status, 200);

    await adminJson(['revoke-sessions', email, '--session', handleOfA], env());
    assertFxaError(await sessionStatus(a), 401, 110);
    assert.equal((await sessionStatus(b)).status, 200, 'the other sessions stay');

    await adminJson(['revoke-sessions', email, '--device', String(device.id)], env());
    assertFxaError(await sessionStatus(c), 401, 110);
    assert.equal((await sessionStatus(b)).status, 200);

    const all = await adminJson<{ sessions: number }>(['revoke-sessions', email, '--all'], env());
    assert.equal(all.sessions, 1);
    assertFxaError(await sessionStatus(b), 401, 110);
    // The password still works: a sign-out is not a lock-out.
    await Client.login(server().origin, email, PASSWORD);

    const unknown = await adminCli(['revoke-sessions', email, '--session', 'abcdef012345'], env());
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no session abcdef012345/);
  });

  it('marks an address verified, and the next login says so', async () => {
    const email = randomEmail();
    const client = await Client.create(server().origin, email, PASSWORD);
    assert.equal((await client.recoveryEmailStatus()).verified, false);

    const out = await adminCli(['verify-email', email], env());
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /is now verified/);
    assert.equal((await client.recoveryEmailStatus()).verified, true);
    const login = await Client.login(server().origin, email, PASSWORD);
    assert.equal(login.verified, true);
  });

  it('deletes an account with its Sync data: login answers 102, sessions 110', async () => {
    const { client, creds } = await syncingBrowser(server().origin);
    const storage = await storageFor(server(), creds);
    const put = await storage.request('PUT', '/storage/bookmarks/b1', { body: BOOKMARK });
    assert.equal(put.status, 200, put.text);
    const refused = await adminCli(['delete-account', client.email], env());
    assert.equal(refused.code, 2, 'without --yes nothing happens');
    assert.equal((await sessionStatus(client)).status, 200);

    const out = await adminCli(['delete-account', client.email, '--yes'], env());
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /Sync data of 1 Sync user/);
    const { authPW } = await stretch(client.email, PASSWORD);
    const login = await new Api(server().origin).request('POST', '/v1/account/login', {
      body: { email: client.email, authPW: authPW.toString('hex') },
    });
    assertFxaError(login, 400, 102);
    assertFxaError(await sessionStatus(client), 401, 110);
    // The storage token is stateless and still authenticates; what it finds is the proof.
    assert.equal((await storage.request('GET', '/storage/bookmarks/b1')).status, 404);
    assert.deepEqual((await storage.request('GET', '/info/collections')).json(), {});
  });

  it('says which account it could not find, and exits 1; bad input exits 2', async () => {
    const missing = await adminCli(['show', 'nobody-here@example.com'], env());
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no account with email nobody-here@example\.com/);
    const noUid = await adminCli(['verify-email', '0'.repeat(32)], env());
    assert.equal(noUid.code, 1);
    assert.match(noUid.stderr, /no account with uid 0{32}/);
    for (const args of [
      ['show', 'not an address'],
      ['show'],
      ['accounts', '--page', '0'],
      ['frob'],
    ]) {
      const bad = await adminCli(args, env());
      assert.equal(bad.code, 2, args.join(' '));
      assert.match(bad.stderr, /usage: npm run admin/);
    }
  });
});
