// The account lifecycle against the built-in storage itself, not a
// stand-in: a tokenserver token leads to the storage, the data written there
// outlives a password change, and is gone at once after a password reset or
// the account's deletion. Storage tokens are stateless, so the old token
// still authenticates afterwards; what it finds is the proof.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { forgotPassword, resetPassword, verifyRecoveryCode } from '../client/recovery.js';
import { SyncClient } from '../client/sync.js';
import { syncCredentials } from '../client/tokenserver.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { useServer } from './support.js';
import { MASTER_SECRET, storageFor, syncingBrowser } from './tokenserver-support.js';

const NEW_PASSWORD = 'another passphrase entirely';
const BOOKMARK = { id: 'bookmark1', payload: '{"ciphertext":"…","IV":"…","hmac":"…"}' };

describeEachDatabase('Sync data through the account lifecycle', (db) => {
  const config = { sync: { masterSecret: MASTER_SECRET }, customs: { enabled: false } };
  const server = useServer(db, config);
  const api = () => new Api(server().origin);

  async function writeBookmark(storage: SyncClient): Promise<void> {
    const put = await storage.request('PUT', '/storage/bookmarks/bookmark1', { body: BOOKMARK });
    assert.equal(put.status, 200, put.text);
  }

  async function reset(email: string): Promise<void> {
    const started = await forgotPassword(api(), email);
    const [mail] = await new Mailbox(server().mailSinkUrl).waitFor(email, {
      match: (m) => m.headers['x-recovery-code'] !== undefined,
    });
    const code = mail?.headers['x-recovery-code'] ?? '';
    const token = await verifyRecoveryCode(api(), started.passwordForgotToken, code);
    await resetPassword(api(), email, token, NEW_PASSWORD);
  }

  it('keeps the stored data through a password change, under the same uid', async () => {
    const { client, creds } = await syncingBrowser(server().origin);
    const storage = await storageFor(server(), creds);
    await writeBookmark(storage);

    await client.changePassword(NEW_PASSWORD);
    const again = await Client.login(server().origin, client.email, NEW_PASSWORD, { keys: true });
    const after = await storageFor(server(), await syncCredentials(again));
    assert.equal(after.uid, storage.uid);
    const got = await after.request('GET', '/storage/bookmarks/bookmark1');
    assert.equal(got.status, 200, got.text);
    assert.equal(got.json<{ payload: string }>().payload, BOOKMARK.payload);
  });

  it('deletes the data at a password reset, and the next token leads to empty storage', async () => {
    const { client, creds } = await syncingBrowser(server().origin);
    const storage = await storageFor(server(), creds);
    await writeBookmark(storage);

    await reset(client.email);
    const stale = await storage.request('GET', '/storage/bookmarks/bookmark1');
    assert.equal(stale.status, 404, 'what the old kB encrypted is deleted at once');
    assert.deepEqual((await storage.request('GET', '/info/collections')).json(), {});

    const again = await Client.login(server().origin, client.email, NEW_PASSWORD, { keys: true });
    const fresh = await storageFor(server(), await syncCredentials(again));
    assert.notEqual(fresh.uid, storage.uid, 'a new kB gets a new Sync uid');
    assert.deepEqual((await fresh.request('GET', '/info/collections')).json(), {});
  });

  it("deletes the account's data with the account", async () => {
    const { client, creds } = await syncingBrowser(server().origin);
    const storage = await storageFor(server(), creds);
    await writeBookmark(storage);

    await client.destroyAccount();
    const gone = await storage.request('GET', '/storage/bookmarks/bookmark1');
    assert.equal(gone.status, 404);
    assert.deepEqual((await storage.request('GET', '/info/collections')).json(), {});
  });
});
