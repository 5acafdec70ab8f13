// Two server processes on one database, one user writing to one collection
// through both at once: every write gets its own, strictly later timestamp
// (sync.md §2.8) and no record is lost. The in-process queue cannot see the
// other process; the lock on the user's row in the write transaction must.
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../helpers/databases.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { SyncClient } from '../client/sync.js';
import { MASTER } from './sync-support.js';

const WORKERS_PER_PROCESS = 3;
const POSTS_PER_WORKER = 8;
const RECORDS_PER_POST = 5;

interface PostResult {
  modified: number;
  success: string[];
}

describeEachDatabase('Sync storage: two processes, one database', (db) => {
  let processes: ServerProcess[] = [];
  before(async () => {
    const config = { sync: { masterSecret: MASTER } };
    // The first migrates; the second then finds the schema in place.
    processes.push(await startServerProcess({ databaseUrl: db().url, config }));
    processes.push(await startServerProcess({ databaseUrl: db().url, config }));
  });
  after(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    processes = [];
  });

  it('keeps one user’s timestamps strictly increasing and loses no record', async () => {
    const minted = SyncClient.mint(processes[0]!.origin, MASTER, { uid: randomInt(1, 1e9) });
    // The same token through either process: each checks the MAC against its own origin.
    const clients = processes.map((p) => new SyncClient(p.origin, minted.uid, minted.token));
    const written = new Map<string, number>();
    const stamps: number[] = [];

    async function worker(client: SyncClient, name: string) {
      for (let post = 0; post < POSTS_PER_WORKER; post++) {
        const records = Array.from({ length: RECORDS_PER_POST }, (_, i) => ({
          id: `${name}-${post}-${i}`,
          payload: `from ${name}`,
        }));
        const res = await client.post('/storage/history', records);
        assert.equal(res.status, 200, res.text);
        const result = res.json<PostResult>();
        assert.equal(result.success.length, RECORDS_PER_POST);
        stamps.push(Math.round(result.modified * 1000));
        for (const id of result.success) written.set(id, Math.round(result.modified * 1000));
      }
    }
    await Promise.all(
      clients.flatMap((client, p) =>
        Array.from({ length: WORKERS_PER_PROCESS }, (_, w) => worker(client, `p${p}w${w}`)),
      ),
    );

    const total = processes.length * WORKERS_PER_PROCESS * POSTS_PER_WORKER;
    assert.equal(new Set(stamps).size, total, 'every write has a timestamp of its own');
    const stored = (await clients[1]!.get('/storage/history?full=1&limit=10000')).json<
      Array<{ id: string; modified: number }>
    >();
    assert.equal(stored.length, total * RECORDS_PER_POST, 'nothing lost');
    for (const bso of stored) {
      assert.equal(Math.round(bso.modified * 1000), written.get(bso.id), `${bso.id} as written`);
    }
    const info = (await clients[0]!.get('/info/collections')).json<{ history: number }>();
    assert.equal(Math.round(info.history * 1000), Math.max(...stamps));
    // A write after all of them is later than every one.
    const last = await clients[0]!.put('/storage/history/last', { payload: 'x' });
    assert.ok(Math.round(last.json<number>() * 1000) > Math.max(...stamps));
  });
});
