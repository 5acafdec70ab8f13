// A key rotation on disk: the old public key is published beside the new
// private key, and the private key lands with mode 0600 as a file of its
// own, whatever was lying in the directory under a name the rotation
// could have picked for its temporary file.
import assert from 'node:assert/strict';
import {
  chownSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadOrCreateKey, loadPublicKey, rotateKeyFile } from './keys.js';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function keyDir(): { dir: string; keyFile: string; previousFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'fxa-test-keys-'));
  dirs.push(dir);
  return { dir, keyFile: join(dir, 'key.json'), previousFile: join(dir, 'key.previous.json') };
}

const mode = (path: string) => lstatSync(path).mode & 0o777;

describe('rotateKeyFile', () => {
  it('publishes the old key as previous and signs with a new one', async () => {
    const { dir, keyFile, previousFile } = keyDir();
    const old = await loadOrCreateKey(keyFile);
    const { retired, current } = await rotateKeyFile(keyFile, previousFile);
    assert.equal(retired, old.kid);
    assert.notEqual(current, old.kid);
    assert.equal((await loadOrCreateKey(keyFile)).kid, current);
    assert.deepEqual(loadPublicKey(previousFile), old.publicJwk);
    const published = JSON.parse(readFileSync(previousFile, 'utf8')) as Record<string, unknown>;
    assert.equal(published.d, undefined, 'no private part');
    assert.equal(mode(keyFile), 0o600);
    assert.deepEqual(readdirSync(dir).sort(), ['key.json', 'key.previous.json'], 'no leftovers');
  });

  it('writes the private key 0600 even over a stale temporary file with a wider mode', async () => {
    const { keyFile, previousFile } = keyDir();
    await loadOrCreateKey(keyFile);
    const stale = `${keyFile}.${process.pid}.tmp`;
    writeFileSync(stale, 'left by a rotation cut short\n', { mode: 0o644 });
    await rotateKeyFile(keyFile, previousFile);
    assert.equal(mode(keyFile), 0o600);
  });

  it('never writes the private key through a symlink planted in the directory', async () => {
    const { dir, keyFile, previousFile } = keyDir();
    await loadOrCreateKey(keyFile);
    const elsewhere = join(dir, 'elsewhere.txt');
    writeFileSync(elsewhere, 'not a key\n', { mode: 0o644 });
    for (const file of [keyFile, previousFile]) {
      symlinkSync(elsewhere, `${file}.${process.pid}.tmp`);
    }
    await rotateKeyFile(keyFile, previousFile);
    assert.equal(readFileSync(elsewhere, 'utf8'), 'not a key\n');
    assert.ok(lstatSync(keyFile).isFile(), 'the key is a file, not a link');
    assert.ok(lstatSync(previousFile).isFile());
    assert.equal(mode(keyFile), 0o600);
  });

  // `sudo npm run admin -- rotate-keys` on a host install: a key the root
  // user wrote anew would be 0600 root's, and the server, restarted as its
  // own user, could no longer read it and would not start.
  it(
    'keeps the owner of the key it replaces when run as root',
    {
      skip: process.getuid?.() !== 0 && 'needs root to hand a file to another user',
    },
    async () => {
      const { keyFile, previousFile } = keyDir();
      await loadOrCreateKey(keyFile);
      const server = { uid: 65534, gid: 65534 };
      chownSync(keyFile, server.uid, server.gid);
      await rotateKeyFile(keyFile, previousFile);
      for (const file of [keyFile, previousFile]) {
        const { uid, gid } = lstatSync(file);
        assert.deepEqual({ uid, gid }, server, file);
      }
    },
  );
});

describe('loadOrCreateKey', () => {
  it('refuses a damaged key file by its path, without quoting the key', async () => {
    const { keyFile } = keyDir();
    writeFileSync(keyFile, `{"kty":"RSA","d":${'y'.repeat(20)}}`, { mode: 0o600 });
    await assert.rejects(loadOrCreateKey(keyFile), (err: Error) => {
      assert.equal(err.message, `${keyFile} is not valid JSON`);
      return true;
    });
  });
});
