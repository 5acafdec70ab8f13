// The Store contract and the schema patch level, on SQLite and on MySQL.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { createTestDatabase, describeEachDatabase } from '../../test/helpers/databases.js';
import { migrate, openStore, PatchLevelError } from './index.js';
import { openDriver, parseDatabaseUrl } from './sql/connect.js';
import { migrationsDir, shippedLevel as levelOf, shippedPatches } from './sql/migrations.js';
import { storeContract } from './store.contract.js';

describeEachDatabase('Store', (db) => {
  storeContract(() => openStore(db().url, { migrate: true }));
});

describeEachDatabase('schema patch level', (db) => {
  /** Runs `test` on a database of its own, dropped afterwards. */
  async function withFreshDatabase(test: (url: string) => Promise<void>): Promise<void> {
    const fresh = await createTestDatabase(db().kind);
    try {
      await test(fresh.url);
    } finally {
      await fresh.drop();
    }
  }

  async function shippedLevel(): Promise<number> {
    return levelOf(await shippedPatches(db().kind));
  }

  it('migrates a fresh database to the shipped level, then does nothing', () =>
    withFreshDatabase(async (url) => {
      const shipped = await shippedLevel();
      assert.ok(shipped >= 1);
      assert.deepEqual(await migrate(url), { from: 0, to: shipped });
      assert.deepEqual(await migrate(url), { from: shipped, to: shipped });
      const store = await openStore(url, { migrate: false });
      await store.ping();
      await store.close();
    }));

  it('migrates on open when asked to', () =>
    withFreshDatabase(async (url) => {
      const store = await openStore(url, { migrate: true });
      await store.close();
      const shipped = await shippedLevel();
      assert.deepEqual(await migrate(url), { from: shipped, to: shipped });
    }));

  it('refuses an unmigrated database without migrate, naming npm run migrate', () =>
    withFreshDatabase(async (url) => {
      await assert.rejects(openStore(url, { migrate: false }), /run `npm run migrate`/);
    }));

  it('refuses a database migrated by a newer server', () =>
    withFreshDatabase(async (url) => {
      const shipped = await shippedLevel();
      await migrate(url);
      const driver = await openDriver(url);
      await driver.run("UPDATE dbMetadata SET value = ? WHERE name = 'schema-patch-level'", [
        String(shipped + 1),
      ]);
      await driver.close();

      for (const opening of [() => openStore(url, { migrate: true }), () => migrate(url)]) {
        await assert.rejects(opening, (err) => {
          assert.ok(err instanceof PatchLevelError);
          assert.equal(err.level, shipped + 1);
          assert.equal(err.levelRequired, shipped);
          assert.match(err.message, /newer than this server/);
          return true;
        });
      }
    }));

  it('lets two migrations started together both finish', () =>
    withFreshDatabase(async (url) => {
      const shipped = await shippedLevel();
      const results = await Promise.all([migrate(url), migrate(url)]);
      assert.deepEqual(
        results.map((r) => r.to),
        [shipped, shipped],
      );
      assert.deepEqual(results.map((r) => r.from).sort(), [0, shipped]);
    }));
});

it('ships a reverse patch for every forward patch, the same numbers for each dialect', () => {
  const names = (dialect: string) => readdirSync(join(migrationsDir(), dialect)).sort();
  const sqlite = names('sqlite');
  assert.deepEqual(names('mysql'), sqlite);
  for (const file of sqlite.filter((f) => !f.endsWith('.reverse.sql'))) {
    assert.ok(sqlite.includes(file.replace(/\.sql$/, '.reverse.sql')), `${file} has no reverse`);
  }
});

it('accepts the documented database URLs and names them when refusing others', () => {
  assert.deepEqual(parseDatabaseUrl('sqlite::memory:'), { dialect: 'sqlite', path: ':memory:' });
  assert.deepEqual(parseDatabaseUrl('sqlite:/var/lib/fxa.sqlite'), {
    dialect: 'sqlite',
    path: '/var/lib/fxa.sqlite',
  });
  assert.deepEqual(parseDatabaseUrl('sqlite:data/fxa.sqlite'), {
    dialect: 'sqlite',
    path: join(process.cwd(), 'data/fxa.sqlite'),
  });
  assert.deepEqual(parseDatabaseUrl('mysql://fxa:p%40ss@db.example:3307/fxa'), {
    dialect: 'mysql',
    mysql: { host: 'db.example', port: 3307, user: 'fxa', password: 'p@ss', database: 'fxa' },
  });
  for (const bad of ['postgres://u:secret@h/db', 'sqlite:', 'mysql://u@h/', 'mysql://u@h/a;b']) {
    assert.throws(
      () => parseDatabaseUrl(bad),
      (err: Error) => {
        assert.match(err.message, /sqlite::memory:.*mysql:\/\/user:password@host:port\/database/);
        assert.doesNotMatch(err.message, /secret/);
        return true;
      },
    );
  }
});
