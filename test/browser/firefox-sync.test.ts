// Issue 10, in real Firefox: two fresh ESR 153 profiles sign in to one
// account against this server alone, through the pages. A bookmark made in
// the first reaches the second through the tokenserver and SyncStorage,
// encrypted with keys only the two browsers hold. The server's request log
// shows the first sync of sync.md §3.1, and that the second browser joins
// the first's storage instead of starting it afresh.
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
import { addBookmark, findBookmark, syncNow, waitForFirstSync } from './weave-places.js';

const kind = process.env.TEST_FIREFOX_DB === 'mysql' ? 'mysql' : 'sqlite';

describe(
  `Two Firefox ESR 153 profiles share a bookmark through Sync [${kind}]`,
  {
    skip: skipUnless(ESR153),
  },
  () => {
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
      const bookmark = {
        url: 'https://example.org/self-hosted-sync',
        title: 'Synced by our server',
      };

      await withFirefox(
        ESR153,
        server.publicUrl,
        async (a) => {
          const { page } = await a.startSignIn();
          await signUpThroughPages(page, mailbox, email, PASSWORD);
          const first = await waitForFirstSync(a);
          assert.equal(first.status, 'success.sync', `A's first sync: ${JSON.stringify(first)}`);
          assertFirstSync(loggedRequests(server));

          const added = await addBookmark(a, bookmark.url, bookmark.title);
          const again = await syncNow(a);
          assert.equal(again.status, 'success.sync', `A's second sync: ${JSON.stringify(again)}`);

          const before = loggedRequests(server).length;
          await withFirefox(ESR153, server.publicUrl, async (b) => {
            const { page } = await b.startSignIn();
            await signInThroughPages(page, mailbox, email, PASSWORD);
            const joined = await waitForFirstSync(b);
            assert.equal(
              joined.status,
              'success.sync',
              `B's first sync: ${JSON.stringify(joined)}`,
            );
            assertJoinedStorage(loggedRequests(server).slice(before));

            const arrived = await findBookmark(b, bookmark.url);
            assert.ok(arrived, 'profile B has the bookmark');
            assert.deepEqual(arrived, added, 'same title, place and guid as in A');
          });
        },
        240_000,
      );
    });
  },
);

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
