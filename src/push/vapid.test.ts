import assert from 'node:assert/strict';
import { createECDH } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadVapidKeys } from './vapid.js';

describe('the VAPID key pair', () => {
  const dirs: string[] = [];
  const dataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fxa-vapid-'));
    dirs.push(dir);
    return dir;
  };
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  /** The point a P-256 private key makes, as a push service would compute it. */
  const publicOf = (privateKey: string) => {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(privateKey, 'base64url'));
    return ecdh.getPublicKey().toString('base64url');
  };

  it('is generated once, private to the owner, and the same on every later start', async () => {
    const dir = await dataDir();
    const first = await loadVapidKeys({ privateKey: '', dataDir: dir });
    assert.equal(Buffer.from(first.privateKey, 'base64url').length, 32);
    assert.equal(Buffer.from(first.publicKey, 'base64url').length, 65);
    assert.equal(first.publicKey, publicOf(first.privateKey));
    assert.equal((await stat(join(dir, 'vapid.json'))).mode & 0o777, 0o600);
    assert.deepEqual(await loadVapidKeys({ privateKey: '', dataDir: dir }), first);
  });

  it('settles two processes starting together on one pair', async () => {
    const dir = await dataDir();
    const [a, b] = await Promise.all([
      loadVapidKeys({ privateKey: '', dataDir: dir }),
      loadVapidKeys({ privateKey: '', dataDir: dir }),
    ]);
    assert.deepEqual(a, b);
    assert.deepEqual(JSON.parse(await readFile(join(dir, 'vapid.json'), 'utf8')), a);
  });

  it('takes a configured private key, derives its public key and writes nothing', async () => {
    const dir = await dataDir();
    const configured = (await loadVapidKeys({ privateKey: '', dataDir: await dataDir() }))
      .privateKey;
    const keys = await loadVapidKeys({ privateKey: configured, dataDir: dir });
    assert.deepEqual(keys, { privateKey: configured, publicKey: publicOf(configured) });
    await assert.rejects(stat(join(dir, 'vapid.json')), { code: 'ENOENT' });
  });

  it('refuses a damaged key file without quoting it', async () => {
    const dir = await dataDir();
    const secret = 'x'.repeat(20);
    await writeFile(join(dir, 'vapid.json'), `{"privateKey":${secret}}`, { mode: 0o600 });
    await assert.rejects(loadVapidKeys({ privateKey: '', dataDir: dir }), (err: Error) => {
      assert.match(err.message, /vapid\.json is not valid JSON/);
      assert.doesNotMatch(err.message, /xxxx/);
      return true;
    });
  });

  it('refuses a configured key that is no P-256 scalar', async () => {
    const dir = await dataDir();
    for (const privateKey of ['short', Buffer.alloc(32).toString('base64url'), 'A'.repeat(44)]) {
      await assert.rejects(loadVapidKeys({ privateKey, dataDir: dir }), /push.vapidPrivateKey/);
    }
  });

  it('refuses a file whose public key is not its private key', async () => {
    const dir = await dataDir();
    const keys = await loadVapidKeys({ privateKey: '', dataDir: dir });
    const other = await loadVapidKeys({ privateKey: '', dataDir: await dataDir() });
    await writeFile(
      join(dir, 'vapid.json'),
      JSON.stringify({ privateKey: keys.privateKey, publicKey: other.publicKey }),
    );
    await assert.rejects(loadVapidKeys({ privateKey: '', dataDir: dir }), /does not belong/);
  });
});
