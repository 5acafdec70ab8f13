// The account's life as Sync sees it: a password change keeps kB, so the
// Sync uid and its data stay; a password reset replaces kB, so the data
// under the old uid is deleted at once and the next token names a new,
// empty uid; deleting the account deletes its Sync users and storage, and a
// deletion cut short is finished at the next start. The storage is a
// stand-in that records which uids it was told to delete.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { forgotPassword, resetPassword, verifyRecoveryCode } from '../client/recovery.js';
import { getSyncToken, syncCredentials } from '../client/tokenserver.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { startTestServer } from '../helpers/server.js';
import { SyncUsersTable, recordingEraser } from '../helpers/sync-users.js';
import { useServer } from './support.js';
import {
  MASTER_SECRET,
  assertTokenserverError,
  syncingBrowser,
  unauthorized,
} from './tokenserver-support.js';

const NEW_PASSWORD = 'a brand new passphrase';

describeEachDatabase('Sync through the account lifecycle', (db) => {
  const eraser = recordingEraser();
  // A reset mails a code; customs' limits on that are customs.test.ts's business.
  const config = { sync: { masterSecret: MASTER_SECRET }, customs: { enabled: false } };
  const server = useServer(db, config, { syncStorageEraser: eraser });
  let table: SyncUsersTable;
  before(async () => {
    table = await SyncUsersTable.open(db().url);
  });
  after(() => table.close());
  const api = () => new Api(server().origin);

  it('keeps the Sync uid and its data through a password change', async () => {
    const { client, creds } = await syncingBrowser(server().origin);
    const before = await getSyncToken(api(), creds);
    assert.equal(before.status, 200, before.text);

    await client.changePassword(NEW_PASSWORD);
    const again = await Client.login(server().origin, client.email, NEW_PASSWORD, { keys: true });
    const after = await syncCredentials(again);
    assert.equal(after.keyId, creds.keyId, 'kB and its timestamp are unchanged');
    const res = await getSyncToken(api(), after);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.uid, before.body.uid);

    assert.ok(!eraser.deleted.includes(Number(before.body.uid)), 'nothing was deleted');
    const rows = await table.rowsOf(client.uid);
    assert.equal(rows.length, 1);
    assert.ok(
      (rows[0]?.generation ?? 0) > creds.keyRotationTimestamp,
      'the new generation is recorded',
    );
  });

  it('deletes the data under the old uid at a password reset, and gives the next token a new uid', async () => {
    const { client, creds } = await syncingBrowser(server().origin);
    const before = await getSyncToken(api(), creds);
    const oldUid = Number(before.body.uid);

    const mailbox = new Mailbox(server().mailSinkUrl);
    const started = await forgotPassword(api(), client.email);
    const [mail] = await mailbox.waitFor(client.email, {
      match: (m) => m.headers['x-recovery-code'] !== undefined,
    });
    const code = mail?.headers['x-recovery-code'] ?? '';
    const resetToken = await verifyRecoveryCode(api(), started.passwordForgotToken, code);
    await resetPassword(api(), client.email, resetToken, NEW_PASSWORD);

    // At once, before any client comes back.
    assert.ok(eraser.deleted.includes(oldUid), 'the storage under the old kB is deleted');
    const [retired] = await table.rowsOf(client.uid);
    assert.notEqual(retired?.replacedAt, null, 'the old uid is retired');
    assertTokenserverError(
      await getSyncToken(api(), creds),
      ...unauthorized('invalid-credentials'),
    );

    const again = await Client.login(server().origin, client.email, NEW_PASSWORD, { keys: true });
    const after = await syncCredentials(again);
    assert.notEqual(after.clientState, creds.clientState, 'a reset brings a new kB');
    const res = await getSyncToken(api(), after);
    assert.equal(res.status, 200, res.text);
    const newUid = Number(res.body.uid);
    assert.notEqual(newUid, oldUid);
    assert.equal(res.body.api_endpoint, `${server().publicUrl}/sync/1.5/${newUid}`);
    assert.ok(!eraser.deleted.includes(newUid));
  });

  it("deletes the account's Sync users and the storage of each of its uids", async () => {
    const { client, creds } = await syncingBrowser(server().origin);
    const earlier = await table.insert(client.uid, {
      generation: creds.keyRotationTimestamp - 1000,
      keysChangedAt: creds.keyRotationTimestamp - 1000,
      clientState: randomBytes(16).toString('hex'),
      replacedAt: creds.keyRotationTimestamp - 500,
      node: `${server().publicUrl}/sync`,
    });
    const current = Number((await getSyncToken(api(), creds)).body.uid);
    eraser.deleted.length = 0;

    await client.destroyAccount();
    assert.deepEqual([...eraser.deleted].sort(), [earlier, current].sort());
    assert.deepEqual(await table.rowsOf(client.uid), []);
  });

  it('finishes at the next start a deletion that stopped after the account was gone', async () => {
    const gone = randomBytes(16).toString('hex');
    const uid = await table.insert(gone, {
      generation: 1,
      keysChangedAt: 1,
      clientState: 'aaaa',
      node: `${server().publicUrl}/sync`,
    });
    const storage = recordingEraser();
    const restarted = await startTestServer({
      databaseUrl: db().url,
      config,
      syncStorageEraser: storage,
    });
    try {
      assert.deepEqual(storage.deleted, [uid]);
      assert.deepEqual(await table.rowsOf(gone), []);
      assert.match(restarted.logs(), /finished deleting the Sync data of deleted accounts/);
    } finally {
      await restarted.stop();
    }
  });
});
