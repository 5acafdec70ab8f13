// Sync storage as an operator sees it: sizes per user from `npm run sync`,
// the periodic purge, the heartbeat, and the wipe the tokenserver asks for
// when an account goes or its keys change.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { it } from 'node:test';
import { describeEachDatabase } from '../helpers/databases.js';
import { openDriver } from '../../src/db/sql/connect.js';
import { assertOk, assertWeaveError, useSyncServer } from './sync-support.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/** `npm run sync -- ...args` against the given database. */
async function syncCli(databaseUrl: string, args: string[]) {
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/sync.ts', ...args],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: databaseUrl },
      },
    );
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describeEachDatabase('Sync storage: operations', (db) => {
  const { user, server } = useSyncServer(db, { syncStorage: { purgeIntervalMs: 200 } });

  it('shows the operator what each user stores', async () => {
    const [c, other] = [user(), user()];
    await c.post('/storage/history', [
      { id: 'a', payload: 'x'.repeat(2048) },
      { id: 'b', payload: 'y'.repeat(1024) },
    ]);
    await c.put('/storage/tabs/t', { payload: 'z'.repeat(1024) });
    await other.put('/storage/tabs/t', { payload: 'z' });
    const one = await syncCli(db().url, ['usage', String(c.uid)]);
    assert.equal(one.code, 0, one.stderr);
    const lines = one.stdout.trim().split('\n');
    assert.match(lines[0]!, /uid\s+collections\s+bsos\s+KB/);
    assert.deepEqual(lines[1]!.trim().split(/\s+/), [String(c.uid), '2', '3', '4.0']);
    assert.equal(lines.length, 2, 'only the user asked for');
    const all = await syncCli(db().url, ['usage']);
    assert.match(all.stdout, new RegExp(`^\\s*${other.uid}\\s+1\\s+1\\s`, 'm'));
    assert.match((await syncCli(db().url, ['usage', '424242424'])).stdout, /no Sync data for uid/);
    const wrong = await syncCli(db().url, ['usage', 'alice']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /usage: npm run sync/);
  });

  it('purges expired records on its own, while reads hid them already', async () => {
    const c = user();
    await c.post('/storage/tabs', [
      { id: 'brief', payload: 'x', ttl: 1 },
      { id: 'kept', payload: 'y' },
    ]);
    server().advanceClock(1500);
    assert.deepEqual((await c.get('/storage/tabs')).json(), ['kept']);
    const deadline = Date.now() + 10_000;
    let bsos = Infinity;
    while (Date.now() < deadline) {
      bsos = (await server().app.syncStore.usage(c.uid))[0]?.bsos ?? 0;
      if (bsos === 1) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(bsos, 1, 'the purge timer deleted the expired row');
  });

  it('wipes a Sync uid at once when the tokenserver asks (account deleted, keys changed)', async () => {
    const [c, other] = [user(), user()];
    for (const u of [c, other]) await u.post('/storage/clients', [{ id: 'me', payload: 'x' }]);
    const batch = (await c.post('/storage/history?batch=true', [{ id: 'h' }])).json<{
      batch: string;
    }>();
    await server().app.syncStore.deleteUser(c.uid);
    assert.deepEqual((await c.get('/info/collections')).json(), {});
    // The uid is retired: even with a valid token, it may write nothing more.
    assert.equal(
      (await c.post(`/storage/history?batch=${batch.batch}&commit=true`, [])).status,
      401,
    );
    assert.deepEqual((await other.get('/storage/clients')).json(), ['me']);
  });

  it('counts Sync storage in the heartbeat', async () => {
    const heartbeat = () => fetch(`${server().origin}/__heartbeat__`);
    assert.equal((await heartbeat()).status, 200);
    assertOk(await user().get('/info/collections'));
    // Last in the suite: without its tables, Sync storage is down.
    const driver = await openDriver(db().url);
    try {
      await driver.run('DROP TABLE sync_collections');
    } finally {
      await driver.close();
    }
    const down = await heartbeat();
    assert.equal(down.status, 503);
    assert.equal(((await down.json()) as { errno: number }).errno, 201);
  });

  it('answers 503 with Retry-After, for Firefox to back off, while the database cannot', async () => {
    const c = user();
    // Last of all: the server's connections are gone from here on.
    await server().app.store.close();
    for (const res of [await c.get('/info/collections'), await c.put('/storage/meta/global', {})]) {
      assertWeaveError(res, 503, 0);
      assert.equal(res.headers.get('retry-after'), String(server().config.database.retryAfterSec));
    }
  });
});
