// Issue 10, in real Firefox: two fresh ESR 153 profiles sign in to one
// account against this server alone, through the pages, one after the
// other. A bookmark made in the first reaches the second through the
// tokenserver and SyncStorage, stored as ciphertext that only the account's
// keys open. The server's request log shows the first sync of sync.md §3.1,
// and that the second browser joins the first's storage instead of starting
// it afresh.
//
// SQLite in npm test; TEST_FIREFOX_DB=mysql runs it on the MySQL server
// test/helpers/databases.ts uses.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TOKEN_PATH } from '../client/tokenserver.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { PASSWORD, randomEmail } from '../remote/support.js';
import { ESR153, requireBuild, skipUnless, withFirefox } from './firefox.js';
import { assertInOrder, loggedRequests, type LoggedRequest } from './server-requests.js';
import { signInThroughPages, signUpThroughPages } from './signin-pages.js';
import { decryptPayload, openAccountStorage } from './sync-records.js';
import {
  addBookmark,
  findBookmark,
  syncNow,
  waitForFirstSync,
  type SyncState,
} from './weave-places.js';

const kind = process.env.TEST_FIREFOX_DB === 'mysql' ? 'mysql' : 'sqlite';

const title = `Two Firefox ESR 153 profiles share a bookmark through Sync [${kind}]`;

describe(title, { skip: skipUnless(ESR153) }, () => {
  let db: TestDatabase;
  let server: TestServer;

  before(async () => {
    requireBuild(ESR153);
    db = await createTestDatabase(kind);
    server = await startTestServer({ databaseUrl: db.url });
  });

  after(async () => {
    await server?.stop();
    await db?.drop();
  });

  it('a bookmark added in profile A appears in profile B', async () => {
    const email = randomEmail('firefox-sync');
    const mailbox = new Mailbox(server.mailSinkUrl);

    const added = await withFirefox(ESR153, server.publicUrl, async (a) => {
      const { page } = await a.startSignIn();
      await signUpThroughPages(page, mailbox, email, PASSWORD);
      assertSynced(await waitForFirstSync(a), "A's first sync");
      assertFirstSync(loggedRequests(server));
      const bookmark = await addBookmark(a, BOOKMARK.url, BOOKMARK.title);
      assertSynced(await syncNow(a), "A's sync after the bookmark");
      return bookmark;
    });

    const before = loggedRequests(server).length;
    await withFirefox(ESR153, server.publicUrl, async (b) => {
      const { page } = await b.startSignIn();
      await signInThroughPages(page, mailbox, email, PASSWORD);
      assertSynced(await waitForFirstSync(b), "B's first sync");
      assertJoinedStorage(loggedRequests(server).slice(before));
      const arrived = await findBookmark(b, BOOKMARK.url);
      assert.ok(arrived, 'profile B has the bookmark');
      assert.deepEqual(arrived, added, 'same title, place and guid as in A');
    });

    // The server holds the bookmark only as ciphertext, which the account's
    // own keys open: kSync from kB, then the bundle in crypto/keys.
    const storage = await openAccountStorage(server.origin, email, PASSWORD);
    const stored = await storage.records('bookmarks');
    assert.ok(
      stored.every((r) => !r.payload.includes(BOOKMARK.title)),
      'no title in the clear',
    );
    const record = stored.find((r) => r.id === added.guid);
    assert.ok(record, `the bookmarks collection has ${added.guid}`);
    const clear = decryptPayload(record.payload, storage.defaultBundle);
    assert.deepEqual(
      { type: clear.type, title: clear.title, bmkUri: clear.bmkUri, parentid: clear.parentid },
      { type: 'bookmark', title: BOOKMARK.title, bmkUri: BOOKMARK.url, parentid: 'toolbar' },
    );
  });
});

const BOOKMARK = { url: 'https://example.org/self-hosted-sync', title: 'Synced by our server' };

function assertSynced(state: SyncState, which: string): void {
  assert.equal(state.status, 'success.sync', `${which}: ${JSON.stringify(state)}`);
}

/** The storage path prefix (api_endpoint) the tokenserver handed out. */
function endpointOf(seen: LoggedRequest[]): string {
  for (const r of seen) {
    const m = /^(.*\/1\.5\/\d+)\/info\/collections$/.exec(r.path);
    if (m?.[1]) return m[1];
  }
  throw new Error('Firefox never read info/collections');
}

/** sync.md §3.1 against empty storage: token, fresh start, keys, clients, engines. */
function assertFirstSync(seen: LoggedRequest[]): void {
  const ep = endpointOf(seen);
  const at = (method: string, path: string, status?: number) => ({
    method,
    path: `${ep}${path}`,
    ...(status === undefined ? {} : { status }),
  });
  // Engines go in syncPriority order, each first wiping its collection.
  const engines = ['prefs', 'passwords', 'tabs', 'bookmarks', 'addons', 'forms', 'history'];
  assertInOrder(seen, [
    { method: 'GET', path: TOKEN_PATH, status: 200 },
    at('GET', '/info/collections', 200),
    at('GET', '/info/configuration', 200),
    at('GET', '/storage/meta/global', 404),
    at('DELETE', '/storage', 200),
    at('PUT', '/storage/meta/global', 200),
    at('PUT', '/storage/crypto/keys', 200),
    at('GET', '/info/collections', 200),
    at('GET', '/storage/crypto/keys', 200),
    at('DELETE', '/storage/clients', 200),
    at('POST', '/storage/clients', 200),
    ...engines.map((c) => at('DELETE', `/storage/${c}`, 200)),
    at('PUT', '/storage/meta/global', 200),
  ]);
  // The bookmarks engine uploads the profile's own folders in the same sync.
  assertInOrder(seen, [at('DELETE', '/storage/bookmarks'), at('POST', '/storage/bookmarks', 200)]);
}

/**
 * The second browser reads what the first set up and starts nothing
 * afresh: no wipe of the storage, no new keys. (It may delete single
 * records, e.g. a form-history entry that duplicates one of A's.)
 */
function assertJoinedStorage(seen: LoggedRequest[]): void {
  const ep = endpointOf(seen);
  assertInOrder(seen, [
    { method: 'GET', path: TOKEN_PATH, status: 200 },
    { method: 'GET', path: `${ep}/storage/meta/global`, status: 200 },
    { method: 'GET', path: `${ep}/storage/crypto/keys`, status: 200 },
    { method: 'GET', path: `${ep}/storage/bookmarks`, status: 200 },
  ]);
  const restarts = seen.filter(
    (r) =>
      (r.method === 'DELETE' && r.path === `${ep}/storage`) ||
      (r.method === 'PUT' && r.path === `${ep}/storage/crypto/keys`),
  );
  assert.deepEqual(restarts, [], 'B neither wipes the storage nor replaces the keys');
}
