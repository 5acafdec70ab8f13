// What the admin CLI does to an account, its devices hear of at once, as
// they do when the account's own clients do it: a device whose session the
// operator revokes gets device_disconnected with its own id (and the
// account's other devices get it too), and every device of a deleted
// account gets account_destroyed. Firefox signs out on either, instead of
// at its next refused request. The pushes are signed with the server's own
// VAPID key, read from the data directory; the CLI never makes one.
import assert from 'node:assert/strict';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { Client } from '../client/client.js';
import { registerDevice } from '../client/devices.js';
import { adminCli, adminJson, serverEnv } from '../helpers/admin-cli.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PushService, type Subscription } from '../helpers/push-service.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { PASSWORD, randomEmail } from './support.js';

const DISCONNECTED = 'fxaccounts:device_disconnected';

describeEachDatabase('admin CLI: devices are told', (db) => {
  const service = new PushService();
  let running: TestServer | undefined;
  const server = () => {
    if (!running) throw new Error('the test server did not start');
    return running;
  };
  before(async () => {
    await service.start();
    running = await startTestServer({
      databaseUrl: db().url,
      config: { push: { allowedEndpoints: [service.origin] }, customs: { enabled: false } },
    });
  });
  after(async () => {
    await running?.stop();
    await service.stop();
  });
  const env = () => serverEnv(server().config);

  /** An account with `count` signed-in Firefoxes, each with a push subscription. */
  async function account(count: number) {
    const email = randomEmail('admin-push');
    const first = await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    const devices: { id: string; sub: Subscription; client: Client }[] = [];
    for (let i = 0; i < count; i++) {
      const client = i === 0 ? first : await Client.login(server().origin, email, PASSWORD);
      const sub = service.subscribe();
      const { id } = await registerDevice(client, {
        name: `Firefox ${i}`,
        type: 'desktop',
        ...sub,
      });
      devices.push({ id: String(id), sub, client });
    }
    return { email, uid: first.uid, devices };
  }

  const disconnected = async (sub: Subscription, count = 1) =>
    (await service.waitFor(sub, DISCONNECTED, count)).map((p) => p.payload);
  const told = (id: string) => ({ version: 1, command: DISCONNECTED, data: { id } });

  it('tells the account of a device revoked, or of a session revoked with its device', async () => {
    const { email, devices } = await account(3);
    const [one, two, three] = devices as [
      (typeof devices)[0],
      (typeof devices)[0],
      (typeof devices)[0],
    ];
    await adminJson(['revoke-sessions', email, '--device', one.id], env());
    for (const d of devices) assert.deepEqual(await disconnected(d.sub), [told(one.id)]);

    const shown = await adminJson<{ sessions: { handle: string; device: string | null }[] }>(
      ['show', email],
      env(),
    );
    const handle = shown.sessions.find((s) => s.device === two.id)?.handle;
    assert.ok(handle, 'the second device has a session');
    await adminJson(['revoke-sessions', email, '--session', handle], env());
    assert.deepEqual(await disconnected(three.sub, 2), [told(one.id), told(two.id)]);
    assert.deepEqual(await disconnected(two.sub, 2), [told(one.id), told(two.id)]);
  });

  it('tells each device, of itself, when the account is signed out everywhere', async () => {
    const { email, devices } = await account(2);
    await adminJson(['revoke-sessions', email, '--all'], env());
    for (const d of devices) {
      assert.deepEqual(await disconnected(d.sub), [told(d.id)]);
    }
  });

  it('tells every device of a deleted account that it is gone', async () => {
    const { email, uid, devices } = await account(2);
    const out = await adminCli(['delete-account', email, '--yes'], env());
    assert.equal(out.code, 0, out.stderr);
    const file = join(server().config.dataDir, 'vapid.json');
    const keys = JSON.parse(await readFile(file, 'utf8')) as { publicKey: string };
    for (const d of devices) {
      const [push] = await service.waitFor(d.sub, 'fxaccounts:account_destroyed');
      assert.deepEqual(push?.payload, {
        version: 1,
        command: 'fxaccounts:account_destroyed',
        data: { uid },
      });
      // Signed with the server's own key, kept in the data directory.
      assert.equal(push?.vapid.publicKey, keys.publicKey);
    }
  });

  it('goes on without telling, and makes no key, where the data directory has none', async () => {
    const { email, devices } = await account(1);
    const file = join(server().config.dataDir, 'vapid.json');
    const kept = await readFile(file, 'utf8');
    await rm(file);
    try {
      const out = await adminCli(['revoke-sessions', email, '--all'], env());
      assert.equal(out.code, 0, out.stderr);
      assert.match(out.stderr, /no VAPID key in DATA_DIR yet: devices are not told/);
      await assert.rejects(stat(file), { code: 'ENOENT' });
      assert.deepEqual(service.received(devices[0]!.sub, DISCONNECTED), []);
    } finally {
      await writeFile(file, kept, { mode: 0o600 });
    }
  });
});
