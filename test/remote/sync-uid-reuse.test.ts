// A Sync uid is never handed out twice, not even after the account that
// held the highest one is deleted and both the server and the database
// restart: a storage token of the deleted account stays valid for its whole
// duration, and a reused uid would lead it straight to the next user's
// data. SQLite keeps its AUTOINCREMENT counter in the file; MariaDB keeps
// AUTO_INCREMENT across restarts since 10.2.4 (and MySQL since 8.0), which
// the MySQL half proves on a private MariaDB that it kills and restarts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SyncClient } from '../client/sync.js';
import { createTestDatabase } from '../helpers/databases.js';
import {
  privateMariadbUnavailable,
  startPrivateMariadb,
  type PrivateMariadb,
} from '../helpers/mariadb.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { assertWeaveError } from './sync-support.js';
import { MASTER_SECRET, storageFor, syncingBrowser } from './tokenserver-support.js';

const config = { sync: { masterSecret: MASTER_SECRET }, customs: { enabled: false } };
const RECORD = { id: 'secret', payload: '{"ciphertext":"only for its owner"}' };

interface Database {
  url: string;
  /** Restarts the database server itself (nothing to do for a file). */
  restart(): Promise<void>;
  drop(): Promise<void>;
}

function uidStory(kind: string, open: () => Promise<Database>, skip: string | false) {
  describe(`Sync uids after a deletion and a restart [${kind}]`, { skip }, () => {
    let db: Database;
    let server: TestServer | undefined;
    before(async () => {
      db = await open();
    });
    after(async () => {
      await server?.stop();
      await db.drop();
    });

    it('gives the next account a new uid, out of reach of the old token', async () => {
      server = await startTestServer({ databaseUrl: db.url, config });
      const gone = await syncingBrowser(server.origin);
      const old = await storageFor(server, gone.creds);
      await gone.client.destroyAccount();
      await server.stop();
      server = undefined;
      await db.restart();

      server = await startTestServer({ databaseUrl: db.url, config });
      const next = await syncingBrowser(server.origin);
      const fresh = await storageFor(server, next.creds);
      assert.ok(fresh.uid > old.uid, `uid ${fresh.uid} follows the deleted ${old.uid}`);
      const put = await fresh.request('PUT', `/storage/bookmarks/${RECORD.id}`, { body: RECORD });
      assert.equal(put.status, 200, put.text);

      // The deleted account's token is still within its duration, yet it
      // names a uid that nobody holds any more, and may write nothing there.
      const stale = new SyncClient(server.publicUrl, old.uid, old.token);
      assert.deepEqual((await stale.request('GET', '/info/collections')).json(), {});
      const write = await stale.request('PUT', `/storage/bookmarks/${RECORD.id}`, { body: RECORD });
      assertWeaveError(write, 401, 0);
    });
  });
}

uidStory(
  'sqlite',
  async () => {
    const db = await createTestDatabase('sqlite');
    return { url: db.url, restart: () => Promise.resolve(), drop: () => db.drop() };
  },
  false,
);

uidStory(
  'mysql',
  async () => {
    const mariadb: PrivateMariadb = await startPrivateMariadb();
    return {
      url: mariadb.url('fxa'),
      restart: async () => {
        await mariadb.kill();
        await mariadb.start();
      },
      drop: () => mariadb.stop(),
    };
  },
  privateMariadbUnavailable() ?? false,
);
