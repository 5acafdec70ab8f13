// The AdminStore on SQLite and on MySQL: pages of accounts that neither
// repeat nor skip, a search that treats wildcards as text, and a sign-out
// that leaves the account and its password but nothing a client could use.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/helpers/databases.js';
import { openStore } from './index.js';
import type { Store } from './store.js';
import { accountWithSessions, newDevice } from './devices.fixtures.js';
import { NOW, newAccount, newToken } from './store.fixtures.js';

describeEachDatabase('AdminStore', (db) => {
  let store: Store;
  before(async () => {
    store = await openStore(db().url, { migrate: true });
  });
  after(async () => {
    await store.close();
  });

  it('pages through every account in sign-up order, without repeats or gaps', async () => {
    // Later than every other test's accounts, two in the same millisecond.
    const late = NOW + 10_000_000;
    const made = [late, late + 1, late + 1, late + 2].map((createdAt) => newAccount({ createdAt }));
    for (const a of made) await store.createAccount(a, []);
    const { total } = await store.admin.listAccounts(0, 1);
    assert.ok(total >= made.length);
    const first = await store.admin.listAccounts(total - 4, 2);
    const second = await store.admin.listAccounts(total - 2, 2);
    const seen = [...first.accounts, ...second.accounts].map((a) => a.uid.toString('hex'));
    // Ties go by uid, compared byte by byte as hex strings compare.
    const hex = made.map((a) => a.uid.toString('hex'));
    assert.deepEqual(seen, [hex[0], ...[hex[1], hex[2]].sort(), hex[3]]);
    assert.deepEqual(second.accounts[1], {
      uid: made[3]!.uid,
      email: made[3]!.email,
      emailVerified: false,
      createdAt: late + 2,
      locale: made[3]!.locale,
    });
    assert.equal((await store.admin.listAccounts(total, 10)).accounts.length, 0);
  });

  it('finds accounts by a part of the address, in any case, wildcards as plain text', async () => {
    const tag = randomBytes(4).toString('hex');
    const plain = newAccount({ email: `Ada.${tag}@Example.org` });
    const underscore = newAccount({ email: `ada_${tag}@example.org` });
    for (const a of [plain, underscore]) await store.createAccount(a, []);
    const emails = async (text: string) =>
      (await store.admin.findAccounts(text, 10)).map((a) => a.email);
    assert.deepEqual(await emails(`ADA.${tag}`), [plain.email]);
    assert.deepEqual(await emails(`ada_${tag}`), [underscore.email], '_ is not a wildcard');
    assert.deepEqual(await emails(`%${tag}`), [], '% is not a wildcard');
    assert.deepEqual((await emails(tag)).sort(), [plain.email, underscore.email].sort());
    assert.equal((await store.admin.findAccounts(tag, 1)).length, 1);
  });

  it('signs an account out everywhere and keeps the account', async () => {
    const { uid, sessions } = await accountWithSessions(store, 3);
    await store.devices.registerDevice(newDevice(uid, sessions[0]!));
    await store.createTokens([newToken('passwordChangeToken', uid)]);
    const other = await accountWithSessions(store, 1);

    assert.equal(await store.admin.signOutEverywhere(uid), 3);
    assert.deepEqual(await store.sessionsOf(uid), []);
    assert.deepEqual(await store.devices.devicesOf(uid), []);
    assert.ok(await store.accountByUid(uid), 'the account stays');
    assert.equal((await store.sessionsOf(other.uid)).length, 1, 'other accounts keep theirs');
    assert.equal(await store.admin.signOutEverywhere(uid), 0);
  });
});
