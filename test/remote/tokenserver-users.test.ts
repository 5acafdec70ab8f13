// The users-table rules (sync.md §1.2 rows 9-10, §1.3) through the real
// route with real access tokens: when an account keeps its Sync uid, when it
// gets a new one, and which client states, generations and keys_changed_at
// values are refused. The generation is the token's own (the account's
// verifierSetAt); the earlier history a test needs (a row from another
// generation, a replaced row, a row on another node) is put into sync_users
// directly, as syncstorage-rs's tests seed their users table.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { decodeJwt } from 'jose';
import { Api } from '../client/api.js';
import { getSyncToken, keyIdOf } from '../client/tokenserver.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { SyncUsersTable, recordingEraser } from '../helpers/sync-users.js';
import { useServer } from './support.js';
import {
  MASTER_SECRET,
  assertTokenserverError,
  syncingBrowser,
  unauthorized,
} from './tokenserver-support.js';

const clientStateError = (description: string) =>
  [
    401,
    'invalid-client-state',
    {
      location: 'header',
      name: 'X-Client-State',
      description: `Unacceptable client-state value ${description}`,
    },
  ] as const;

const otherState = () => randomBytes(16).toString('hex');

describeEachDatabase('tokenserver users', (db) => {
  const eraser = recordingEraser();
  const server = useServer(
    db,
    { sync: { masterSecret: MASTER_SECRET } },
    { syncStorageEraser: eraser },
  );
  let table: SyncUsersTable;
  before(async () => {
    table = await SyncUsersTable.open(db().url);
  });
  after(() => table.close());
  const api = () => new Api(server().origin);
  const node = () => `${server().publicUrl}/sync`;

  /** A browser, its token's generation, and a way to ask with any X-KeyID. */
  async function browser() {
    const { client, creds } = await syncingBrowser(server().origin);
    const generation = Number(decodeJwt(creds.accessToken)['fxa-generation']);
    // At sign-up the keys and the verifier are set at the same moment.
    assert.equal(creds.keyRotationTimestamp, generation);
    const ask = (keyId = creds.keyId) =>
      getSyncToken(api(), { accessToken: creds.accessToken, keyId });
    return { fxa: client.uid, creds, g: generation, state: creds.clientState, ask };
  }

  it('gives a new account one row with its claims, and the same uid while nothing changes', async () => {
    const b = await browser();
    const first = await b.ask();
    assert.equal(first.status, 200, first.text);
    const uid = Number(first.body.uid);
    const rows = await table.rowsOf(b.fxa);
    const createdAt = rows[0]?.createdAt ?? 0;
    assert.ok(Math.abs(createdAt - Date.now()) < 60_000, 'created now, in ms');
    assert.deepEqual(rows, [
      {
        uid,
        generation: b.g,
        clientState: b.state,
        keysChangedAt: b.g,
        createdAt,
        replacedAt: null,
        node: node(),
      },
    ]);
    assert.equal((await b.ask()).body.uid, uid);
    assert.equal((await table.rowsOf(b.fxa)).length, 1);
  });

  it('lets two first requests at once share one uid', async () => {
    const b = await browser();
    const [one, two] = await Promise.all([b.ask(), b.ask()]);
    assert.equal(one.status, 200, one.text);
    assert.equal(two.status, 200, two.text);
    assert.equal(one.body.uid, two.body.uid);
    assert.equal((await table.rowsOf(b.fxa)).length, 1);
  });

  it('moves generation and keys_changed_at forward in place, keeping the uid', async () => {
    const b = await browser();
    const seeded = await table.insert(b.fxa, {
      generation: b.g - 2000,
      keysChangedAt: b.g - 2000,
      clientState: b.state,
      node: node(),
    });
    const res = await b.ask();
    assert.equal(res.body.uid, seeded);
    const [row] = await table.rowsOf(b.fxa);
    assert.deepEqual([row?.generation, row?.keysChangedAt, row?.replacedAt], [b.g, b.g, null]);
  });

  it('refuses keys_changed_at ahead of the generation, behind the stored one, or left out', async () => {
    const b = await browser();
    const uid = (await b.ask()).body.uid;
    for (const keysChangedAt of [b.g + 1000, b.g - 1, 0]) {
      const res = await b.ask(keyIdOf(keysChangedAt, b.state));
      assertTokenserverError(res, ...unauthorized('invalid-keysChangedAt'));
    }
    assert.equal((await b.ask()).body.uid, uid, 'the refusals changed nothing');
    assert.deepEqual(
      (await table.rowsOf(b.fxa)).map((r) => r.keysChangedAt),
      [b.g],
    );
  });

  it('refuses a client state used before, or none once one was used', async () => {
    const b = await browser();
    const old = otherState();
    await table.insert(b.fxa, {
      generation: b.g - 2000,
      keysChangedAt: b.g - 2000,
      clientState: old,
      createdAt: b.g - 2000,
      replacedAt: b.g - 1000,
      node: node(),
    });
    const current = await table.insert(b.fxa, {
      generation: b.g - 1000,
      keysChangedAt: b.g - 1000,
      clientState: b.state,
      createdAt: b.g - 1000,
      node: node(),
    });
    assertTokenserverError(await b.ask(keyIdOf(b.g, old)), ...clientStateError('stale value'));
    assertTokenserverError(await b.ask(`${b.g}-`), ...clientStateError('empty string'));
    assert.equal((await b.ask()).body.uid, current);
  });

  it('wants a new client state to come with a new generation and a new keys_changed_at', async () => {
    const b = await browser();
    assert.equal((await b.ask()).status, 200);
    const sameGeneration = await b.ask(keyIdOf(b.g, otherState()));
    assertTokenserverError(
      sameGeneration,
      ...clientStateError('new value with no generation change'),
    );

    const c = await browser();
    await table.insert(c.fxa, {
      generation: c.g - 1000,
      keysChangedAt: c.g,
      clientState: otherState(),
      node: node(),
    });
    const sameKeys = await c.ask();
    assertTokenserverError(
      sameKeys,
      ...clientStateError('new value with no keys_changed_at change'),
    );
  });

  it('gives a new uid when the keys change, erases the old storage, and refuses the old keys after', async () => {
    const b = await browser();
    const old = otherState();
    const seeded = await table.insert(b.fxa, {
      generation: b.g - 1000,
      keysChangedAt: b.g - 1000,
      clientState: old,
      node: node(),
    });
    const res = await b.ask();
    assert.equal(res.status, 200, res.text);
    const uid = Number(res.body.uid);
    assert.notEqual(uid, seeded);
    const rows = await table.rowsOf(b.fxa);
    assert.deepEqual(
      rows.map((r) => [r.uid, r.clientState, r.generation, r.keysChangedAt, r.replacedAt === null]),
      [
        [seeded, old, b.g - 1000, b.g - 1000, false],
        [uid, b.state, b.g, b.g, true],
      ],
    );
    assert.equal(rows[0]?.replacedAt, rows[1]?.createdAt);
    assert.ok(eraser.deleted.includes(seeded), 'the storage under the old kB is erased');
    assertTokenserverError(await b.ask(keyIdOf(b.g, old)), ...clientStateError('stale value'));
  });

  it('refuses a generation older than the one stored', async () => {
    const b = await browser();
    await table.insert(b.fxa, {
      generation: b.g + 1000,
      keysChangedAt: b.g,
      clientState: b.state,
      node: node(),
    });
    assertTokenserverError(await b.ask(), ...unauthorized('invalid-generation'));
  });

  it('moves a replaced row, or one on another node, to a new uid here and keeps its storage', async () => {
    const b = await browser();
    const replaced = await table.insert(b.fxa, {
      generation: b.g,
      keysChangedAt: b.g,
      clientState: b.state,
      replacedAt: b.g,
      node: node(),
    });
    const copied = await b.ask();
    assert.equal(copied.status, 200, copied.text);
    assert.notEqual(copied.body.uid, replaced);

    const c = await browser();
    const elsewhere = await table.insert(c.fxa, {
      generation: c.g,
      keysChangedAt: c.g,
      clientState: c.state,
      node: 'https://old-node.example',
    });
    const moved = await c.ask();
    assert.equal(moved.body.api_endpoint, `${node()}/1.5/${String(moved.body.uid)}`);
    const rows = await table.rowsOf(c.fxa);
    assert.deepEqual(
      rows.map((r) => [r.uid, r.node, r.replacedAt === null]),
      [
        [elsewhere, 'https://old-node.example', false],
        [moved.body.uid, node(), true],
      ],
    );
    assert.ok(!eraser.deleted.includes(replaced) && !eraser.deleted.includes(elsewhere));
  });
});

describeEachDatabase('tokenserver closed to new users', (db) => {
  const server = useServer(db, { sync: { masterSecret: MASTER_SECRET, allowNewUsers: false } });

  it('answers 403 new-users-disabled to an account that never synced (row 9), and serves one that did', async () => {
    const api = new Api(server().origin);
    const { creds } = await syncingBrowser(server().origin);
    const res = await getSyncToken(api, creds);
    assertTokenserverError(res, 403, 'new-users-disabled', {
      location: 'body',
      description: 'New users are not allowed',
    });

    const known = await syncingBrowser(server().origin);
    const table = await SyncUsersTable.open(db().url);
    try {
      await table.insert(known.client.uid, {
        generation: known.creds.keyRotationTimestamp,
        keysChangedAt: known.creds.keyRotationTimestamp,
        clientState: known.creds.clientState,
        node: `${server().publicUrl}/sync`,
      });
    } finally {
      await table.close();
    }
    assert.equal((await getSyncToken(api, known.creds)).status, 200);
  });
});
