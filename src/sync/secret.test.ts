import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadSyncSecret } from './secret.js';

describe('the Sync master secret', () => {
  const dirs: string[] = [];
  const dataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fxa-sync-secret-'));
    dirs.push(dir);
    return dir;
  };
  after(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('is generated once, private to the owner, and the same on every later start', async () => {
    const dir = await dataDir();
    const first = await loadSyncSecret({ masterSecret: '', dataDir: dir });
    assert.equal(first.length, 64, '32 random bytes, kept as hex text');
    assert.equal((await stat(join(dir, 'sync-secret'))).mode & 0o777, 0o600);
    assert.deepEqual(await loadSyncSecret({ masterSecret: '', dataDir: dir }), first);
  });

  it('settles two processes starting together on one secret', async () => {
    const dir = await dataDir();
    const [a, b] = await Promise.all([
      loadSyncSecret({ masterSecret: '', dataDir: dir }),
      loadSyncSecret({ masterSecret: '', dataDir: dir }),
    ]);
    assert.deepEqual(a, b);
    assert.equal((await readFile(join(dir, 'sync-secret'), 'utf8')).trim(), a.toString('utf8'));
  });

  it('takes a configured secret as is and writes nothing', async () => {
    const dir = await dataDir();
    const secret = await loadSyncSecret({ masterSecret: 'secret0', dataDir: dir });
    assert.equal(secret.toString('utf8'), 'secret0');
    await assert.rejects(stat(join(dir, 'sync-secret')), { code: 'ENOENT' });
  });
});
