// A user with a history-sized collection (20,000 BSOs) deletes it all, or
// has the account deleted: the delete goes in short chunks, so the rest of
// the server goes on meanwhile. Another user's requests, sent one after
// another while the erase runs, are answered during it, not held until it
// ends (on SQLite one long delete would hold the one writer, and with it
// every request of this process, until it finished).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { SyncClient } from '../client/sync.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { storageRowsOf } from '../helpers/sync-users.js';
import { assertOk, useSyncServer } from './sync-support.js';

const BSOS = 20_000;
const PER_WRITE = 1000;

describeEachDatabase('Sync deletes of a large user', (db) => {
  // A shared test machine can slow one statement past the default 5 s
  // bound; what is tested here is whether requests get in, not how fast.
  const { server, user } = useSyncServer(db, { database: { queryTimeoutMs: 30_000 } });

  /** 20,000 history records, written through the store (the HTTP path would take minutes). */
  async function largeUser(): Promise<SyncClient> {
    const c = user();
    const store = server().app.syncStore;
    for (let at = 0; at < BSOS; at += PER_WRITE) {
      const bsos = Array.from({ length: PER_WRITE }, (_, n) => ({
        id: `h${at + n}`,
        payload: 'p'.repeat(300),
      }));
      await store.postBsos(c.uid, 'history', bsos, {});
    }
    return c;
  }

  /** Runs `erase`, and meanwhile another user's writes one after another; how many finished during it. */
  async function answeredDuring(erase: () => Promise<unknown>): Promise<number> {
    const other = user();
    let erasing = true;
    const done = erase().finally(() => (erasing = false));
    let answered = 0;
    for (let n = 0; erasing; n++) {
      const res = await other.request('PUT', `/storage/tabs/t${n}`, { body: { payload: 'x' } });
      assertOk(res);
      if (erasing) answered++;
    }
    await done;
    return answered;
  }

  const rowsOf = (uid: number) => storageRowsOf(db().url, uid);

  it('answers other users during a DELETE /storage of 20,000 BSOs', async () => {
    const big = await largeUser();
    let status = 0;
    const answered = await answeredDuring(async () => {
      status = (await big.request('DELETE', '/storage', { headers: { 'X-Confirm-Delete': '1' } }))
        .status;
    });
    assert.equal(status, 200);
    assert.ok(answered >= 3, `${answered} requests of another user were answered during it`);
    assert.equal(await rowsOf(big.uid), 0);
    assert.deepEqual((await big.request('GET', '/storage/history')).json(), []);
  });

  it("answers other users while a deleted account's 20,000 BSOs are erased", async () => {
    const big = await largeUser();
    const answered = await answeredDuring(() => server().app.syncStore.deleteUser(big.uid));
    assert.ok(answered >= 3, `${answered} requests of another user were answered during it`);
    assert.equal(await rowsOf(big.uid), 0);
  });
});
