// A Sync uid whose account is gone, or whose keys were replaced, is dead
// for good. Storage tokens are stateless and stay valid for their whole
// duration, so a client holding one can still reach the storage after the
// deletion: its writes must be refused (401, so Firefox fetches a new token
// and learns the account is gone, sync.md §3.3), including writes racing
// the deletion itself, and no row of the dead uid may be left behind. And a
// dead uid is never handed out again, so an old token can never reach a
// new user's data.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { SyncClient } from '../client/sync.js';
import { getSyncToken, type SyncCredentials } from '../client/tokenserver.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { startTestServer } from '../helpers/server.js';
import { storageRowsOf, SyncUsersTable } from '../helpers/sync-users.js';
import { assertOk, assertWeaveError } from './sync-support.js';
import { randomHex, useServer } from './support.js';
import { MASTER_SECRET, syncingBrowser } from './tokenserver-support.js';

const RECORD = { id: 'record1', payload: '{"ciphertext":"…","IV":"…","hmac":"…"}' };

describeEachDatabase('Sync uids of deleted accounts', (db) => {
  const config = { sync: { masterSecret: MASTER_SECRET }, customs: { enabled: false } };
  const server = useServer(db, config);
  const api = () => new Api(server().origin);

  async function storageFor(creds: SyncCredentials): Promise<SyncClient> {
    const res = await getSyncToken(api(), creds);
    assert.equal(res.status, 200, res.text);
    const token = { id: String(res.body.id), key: String(res.body.key) };
    return new SyncClient(server().publicUrl, Number(res.body.uid), token);
  }

  const rowsOf = (uid: number) => storageRowsOf(db().url, uid);

  it('refuses every write of a token held across the deletion, and keeps no row', async () => {
    const { client, creds } = await syncingBrowser(server().origin);
    const storage = await storageFor(creds);
    const put = await storage.request('PUT', '/storage/bookmarks/record1', { body: RECORD });
    assert.equal(put.status, 200, put.text);

    await client.destroyAccount();

    const again = await storage.request('PUT', '/storage/bookmarks/record1', { body: RECORD });
    assertWeaveError(again, 401, 0);
    const post = await storage.request('POST', '/storage/history', { body: [RECORD] });
    assertWeaveError(post, 401, 0);
    const batch = await storage.request('POST', '/storage/forms?batch=true', { body: [RECORD] });
    assertWeaveError(batch, 401, 0);
    assert.equal(await rowsOf(storage.uid), 0, 'nothing of the deleted account is stored');
  });

  it('leaves no row of writes that race the deletion', async () => {
    const { client, creds } = await syncingBrowser(server().origin);
    const storage = await storageFor(creds);
    // Writes keep arriving while the account is deleted; whichever commit
    // first, none may outlive the deletion.
    let deleted = false;
    const writer = async (collection: string) => {
      const statuses: number[] = [];
      // Until two writes have been answered after the deletion finished.
      for (let n = 0, after = 0; after < 2; n++) {
        if (deleted) after++;
        const body = [{ id: `r${n}`, payload: 'x'.repeat(200) }];
        statuses.push((await storage.request('POST', `/storage/${collection}`, { body })).status);
      }
      return statuses;
    };
    const writers = ['history', 'forms', 'tabs'].map(writer);
    await new Promise((resolve) => setTimeout(resolve, 150));
    await client.destroyAccount();
    deleted = true;
    const statuses = (await Promise.all(writers)).flat();

    assert.ok(statuses.includes(200), 'writes went in before the deletion');
    assert.deepEqual([...new Set(statuses)].sort(), [200, 401], 'the rest were refused');
    assert.equal(statuses.at(-1), 401, 'a write after the deletion is refused');
    assert.equal(await rowsOf(storage.uid), 0, 'nothing written before or during it survives');
  });

  it('retires at the next start a replaced uid whose erase was cut short', async () => {
    // A live account's row replaced at a key change whose storage erase
    // never ran (the database was away for that moment): its data is still
    // there, and a token for it still writes.
    const { client } = await syncingBrowser(server().origin);
    const users = await SyncUsersTable.open(db().url);
    const uid = await users
      .insert(client.uid, {
        generation: 1,
        clientState: randomHex(16),
        replacedAt: Date.now(),
        node: `${server().publicUrl}/sync`,
      })
      .finally(() => users.close());
    const stale = SyncClient.mint(server().publicUrl, MASTER_SECRET, { uid });
    assertOk(await stale.request('PUT', '/storage/bookmarks/record1', { body: RECORD }));

    const restarted = await startTestServer({ databaseUrl: db().url, config });
    try {
      assert.equal(await rowsOf(uid), 0, 'the start erased it');
      const put = await stale.request('PUT', '/storage/bookmarks/record1', { body: RECORD });
      assertWeaveError(put, 401, 0);
    } finally {
      await restarted.stop();
    }
  });
});
