// The suite every TokenserverStore must pass, whatever database sits behind
// it. Each test uses accounts of its own (random FxA uids), so the tests
// share one database without seeing each other's rows.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../db/store.js';
import { newAccount } from '../../db/store.fixtures.js';
import { CONFLICT, type NewSyncUser, type SyncUserRecord, type TokenserverStore } from './store.js';

export interface Opened {
  users: TokenserverStore;
  /** The accounts side of the same database, for the orphan sweep. */
  accounts: Pick<Store, 'createAccount'>;
  close(): Promise<void>;
}

const NODE = 'https://sync.example/sync';

function newUser(fxaUid: Buffer, fields: Partial<NewSyncUser> = {}): NewSyncUser {
  return {
    fxaUid,
    generation: 1_700_000_000_123,
    clientState: randomBytes(16).toString('hex'),
    keysChangedAt: 1_700_000_000_123,
    createdAt: 1_700_000_001_000,
    node: NODE,
    ...fields,
  };
}

function placed(result: SyncUserRecord | typeof CONFLICT): SyncUserRecord {
  if (result === CONFLICT) throw new Error('unexpected conflict');
  return result;
}

export function tokenserverStoreContract(open: () => Promise<Opened>): void {
  let opened: Opened;
  let users: TokenserverStore;
  before(async () => {
    opened = await open();
    users = opened.users;
  });
  after(async () => {
    await opened.close();
  });

  const byUid = (rows: SyncUserRecord[]) => [...rows].sort((a, b) => a.uid - b.uid);

  describe('allocate', () => {
    it('stores a current row and reads it back', async () => {
      const fxaUid = randomBytes(16);
      const user = newUser(fxaUid, { keysChangedAt: null, clientState: '' });
      const row = placed(await users.allocate(user, null));
      assert.ok(Number.isSafeInteger(row.uid) && row.uid > 0);
      assert.deepEqual(row, { ...user, uid: row.uid, replacedAt: null });
      assert.deepEqual(await users.usersOf(fxaUid), [row]);
      assert.deepEqual(await users.usersOf(randomBytes(16)), []);
    });

    it('replaces the current row in the same transaction, with a new uid', async () => {
      const fxaUid = randomBytes(16);
      const first = placed(await users.allocate(newUser(fxaUid), null));
      const next = newUser(fxaUid, { createdAt: first.createdAt + 5 });
      const second = placed(await users.allocate(next, first.uid));
      assert.ok(second.uid > first.uid);
      assert.deepEqual(byUid(await users.usersOf(fxaUid)), [
        { ...first, replacedAt: next.createdAt },
        second,
      ]);
    });

    it('lets only one of two racing allocations make the current row', async () => {
      const fxaUid = randomBytes(16);
      const results = await Promise.all([
        users.allocate(newUser(fxaUid), null),
        users.allocate(newUser(fxaUid), null),
      ]);
      assert.equal(results.filter((r) => r === CONFLICT).length, 1);
      assert.equal((await users.usersOf(fxaUid)).length, 1);
    });

    it('lets only one of two racing replacements of a row through', async () => {
      const fxaUid = randomBytes(16);
      const first = placed(await users.allocate(newUser(fxaUid), null));
      const results = await Promise.all([
        users.allocate(newUser(fxaUid), first.uid),
        users.allocate(newUser(fxaUid), first.uid),
      ]);
      assert.equal(results.filter((r) => r === CONFLICT).length, 1);
      const rows = await users.usersOf(fxaUid);
      assert.equal(rows.length, 2);
      assert.equal(rows.filter((r) => r.replacedAt === null).length, 1);
    });

    it('reports a conflict, changing nothing, when the row to replace is no longer current', async () => {
      const fxaUid = randomBytes(16);
      const first = placed(await users.allocate(newUser(fxaUid), null));
      await users.retire(fxaUid, first.createdAt + 1);
      const before = await users.usersOf(fxaUid);
      assert.equal(await users.allocate(newUser(fxaUid), first.uid), CONFLICT);
      assert.deepEqual(await users.usersOf(fxaUid), before);
      // With nothing current any more, a plain allocation goes through.
      placed(await users.allocate(newUser(fxaUid), null));
    });

    it('never hands out a uid again, even after its account is deleted', async () => {
      const fxaUid = randomBytes(16);
      const gone = placed(await users.allocate(newUser(fxaUid), null));
      await users.deleteUser(fxaUid);
      const fresh = placed(await users.allocate(newUser(randomBytes(16)), null));
      assert.ok(fresh.uid > gone.uid);
    });
  });

  describe('advance', () => {
    it('moves generation and keys_changed_at forward, never back', async () => {
      const fxaUid = randomBytes(16);
      const row = placed(
        await users.allocate(newUser(fxaUid, { generation: 10, keysChangedAt: 5 }), null),
      );
      await users.advance(row.uid, 20, 15);
      await users.advance(row.uid, 12, 15); // a slower request with older claims
      await users.advance(row.uid, 20, 7);
      const [after] = await users.usersOf(fxaUid);
      assert.deepEqual([after?.generation, after?.keysChangedAt], [20, 15]);
    });

    it('sets keys_changed_at first reported, and leaves replaced rows alone', async () => {
      const fxaUid = randomBytes(16);
      const row = placed(
        await users.allocate(newUser(fxaUid, { generation: 10, keysChangedAt: null }), null),
      );
      await users.advance(row.uid, 10, 8);
      assert.equal((await users.usersOf(fxaUid))[0]?.keysChangedAt, 8);
      await users.retire(fxaUid, 99);
      await users.advance(row.uid, 50, 40);
      assert.deepEqual((await users.usersOf(fxaUid))[0], {
        ...row,
        keysChangedAt: 8,
        replacedAt: 99,
      });
    });
  });

  describe('retire, delete and orphans', () => {
    it("retires only the account's current row", async () => {
      const [mine, theirs] = [randomBytes(16), randomBytes(16)];
      const old = placed(await users.allocate(newUser(mine), null));
      const current = placed(
        await users.allocate(newUser(mine, { createdAt: old.createdAt + 1 }), old.uid),
      );
      const other = placed(await users.allocate(newUser(theirs), null));
      await users.retire(mine, current.createdAt + 1);
      assert.deepEqual(
        byUid(await users.usersOf(mine)).map((r) => r.replacedAt),
        [current.createdAt, current.createdAt + 1],
      );
      assert.deepEqual(await users.usersOf(theirs), [other]);
    });

    it('deletes every row of one account', async () => {
      const [mine, theirs] = [randomBytes(16), randomBytes(16)];
      const first = placed(await users.allocate(newUser(mine), null));
      placed(await users.allocate(newUser(mine), first.uid));
      const other = placed(await users.allocate(newUser(theirs), null));
      await users.deleteUser(mine);
      assert.deepEqual(await users.usersOf(mine), []);
      assert.deepEqual(await users.usersOf(theirs), [other]);
    });

    it('names the accounts that are gone but still have rows', async () => {
      const account = newAccount();
      await opened.accounts.createAccount(account, []);
      const gone = randomBytes(16);
      placed(await users.allocate(newUser(account.uid), null));
      const first = placed(await users.allocate(newUser(gone), null));
      placed(await users.allocate(newUser(gone), first.uid));
      const orphans = (await users.orphans()).map((b) => b.toString('hex'));
      assert.ok(orphans.includes(gone.toString('hex')));
      assert.equal(orphans.filter((u) => u === gone.toString('hex')).length, 1, 'named once');
      assert.ok(!orphans.includes(account.uid.toString('hex')));
      await users.deleteUser(gone);
    });
  });
}
