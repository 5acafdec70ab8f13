// What lets a read be remembered (the SQLite driver's readStamp) and what
// the cache does with it. The stamp must move on every commit, this
// process's and another connection's alike, and give nothing while a
// transaction may be open; the cache must never answer across a move.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { Driver } from './driver.js';
import { ReadCache } from './read-cache.js';
import { openSqlite } from './sqlite.js';

describe('SQLite readStamp', () => {
  let dir: string;
  let db: Driver;
  let other: Database.Database;
  const stamp = () => {
    const s = db.readStamp?.();
    assert.equal(typeof s, 'number');
    return s as number;
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'fxa-read-stamp-'));
    const path = join(dir, 'stamp.db');
    db = openSqlite(path);
    await db.run('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)');
    // Another connection to the same file, as another process has.
    other = new Database(path);
  });
  after(async () => {
    other.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds while only reads run', async () => {
    const first = stamp();
    await db.get('SELECT v FROM t WHERE k = ?', ['a']);
    await db.all('SELECT * FROM t');
    assert.equal(stamp(), first);
  });

  it('moves on a write of its own, lone or in a transaction', async () => {
    const first = stamp();
    await db.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', '1']);
    const second = stamp();
    assert.notEqual(second, first);
    await db.transaction((tx) => tx.run('UPDATE t SET v = ? WHERE k = ?', ['2', 'a']));
    assert.notEqual(stamp(), second);
  });

  it('moves on a write that failed part way', async () => {
    const first = stamp();
    await assert.rejects(db.run('INSERT INTO t (k, v) VALUES (?, ?)', ['a', 'dup']));
    assert.notEqual(stamp(), first);
  });

  it('moves when another connection commits', () => {
    const first = stamp();
    other.prepare('INSERT INTO t (k, v) VALUES (?, ?)').run('b', '1');
    const second = stamp();
    assert.notEqual(second, first);
    assert.equal(stamp(), second);
  });

  it('gives nothing while a transaction is open, and moves once it commits', async () => {
    const first = stamp();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const done = db.transaction(async (tx) => {
      await tx.run('DELETE FROM t WHERE k = ?', ['b']);
      await held;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(db.readStamp?.(), undefined);
    release();
    await done;
    assert.notEqual(stamp(), first);
  });
});

describe('ReadCache', () => {
  /** A driver whose stamp the test moves by hand; undefined stands for "cannot tell". */
  function fakeDriver(initial: number | undefined) {
    const state = { stamp: initial };
    return { state, driver: { readStamp: () => state.stamp } };
  }
  const key = (s: string) => Buffer.from(s);

  function counting<V>(value: () => V | undefined) {
    const loads = { n: 0 };
    const load = () => {
      loads.n += 1;
      return Promise.resolve(value());
    };
    return { loads, load };
  }

  it('answers from memory while the stamp holds, and reads again once it moves', async () => {
    const { state, driver } = fakeDriver(1);
    const cache = new ReadCache<{ v: number }>(driver);
    let current = { v: 1 };
    const { loads, load } = counting(() => current);
    assert.deepEqual(await cache.read(key('a'), load), { v: 1 });
    assert.deepEqual(await cache.read(key('a'), load), { v: 1 });
    assert.equal(loads.n, 1);

    current = { v: 2 };
    state.stamp = 2;
    assert.deepEqual(await cache.read(key('a'), load), { v: 2 });
    assert.equal(loads.n, 2);
  });

  it('counts what memory answered, what the database did, and what it keeps', async () => {
    const { state, driver } = fakeDriver(1);
    const cache = new ReadCache<string>(driver);
    const { load } = counting(() => 'v');
    await cache.read(key('a'), load);
    await cache.read(key('a'), load);
    await cache.read(key('b'), load);
    assert.deepEqual(cache.counts(), { hits: 1, misses: 2, entries: 2 });
    state.stamp = 2;
    await cache.read(key('a'), load);
    assert.deepEqual(cache.counts(), { hits: 1, misses: 3, entries: 1 });
    // Where nothing may be remembered, a read is neither.
    state.stamp = undefined;
    await cache.read(key('a'), load);
    assert.deepEqual(cache.counts(), { hits: 1, misses: 3, entries: 1 });
  });

  it('never serves a value read while a commit landed', async () => {
    const { state, driver } = fakeDriver(1);
    const cache = new ReadCache<string>(driver);
    let current = 'before';
    const racing = () => {
      // The commit lands while the read runs; what it read is already the new row.
      state.stamp = 2;
      current = 'after';
      return Promise.resolve('before');
    };
    assert.equal(await cache.read(key('a'), racing), 'before');
    assert.equal(await cache.read(key('a'), () => Promise.resolve(current)), 'after');
  });

  it('does not remember what was not found', async () => {
    const { driver } = fakeDriver(1);
    const cache = new ReadCache<string>(driver);
    const { loads, load } = counting<string>(() => undefined);
    assert.equal(await cache.read(key('gone'), load), undefined);
    assert.equal(await cache.read(key('gone'), load), undefined);
    assert.equal(loads.n, 2);
  });

  it('reads every time when the driver cannot tell (MySQL, or a transaction open)', async () => {
    const { driver } = fakeDriver(undefined);
    const cache = new ReadCache<string>(driver);
    const { loads, load } = counting(() => 'row');
    await cache.read(key('a'), load);
    await cache.read(key('a'), load);
    assert.equal(loads.n, 2);
    const noStamp = new ReadCache<string>({});
    await noStamp.read(key('a'), load);
    await noStamp.read(key('a'), load);
    assert.equal(loads.n, 4);
  });

  it('keeps at most its bound, dropping the oldest first', async () => {
    const { driver } = fakeDriver(1);
    const cache = new ReadCache<string>(driver, { maxEntries: 2 });
    const { loads, load } = counting(() => 'row');
    for (const k of ['a', 'b', 'c']) await cache.read(key(k), load);
    assert.equal(loads.n, 3);
    await cache.read(key('c'), load);
    await cache.read(key('b'), load);
    assert.equal(loads.n, 3);
    await cache.read(key('a'), load);
    assert.equal(loads.n, 4);
  });

  it('keeps its values within its byte budget, and none bigger than it', async () => {
    const { driver } = fakeDriver(1);
    const cache = new ReadCache<string>(driver, { maxBytes: 10, sizeOf: (v) => v.length });
    const loads: string[] = [];
    const read = (k: string, v: string) =>
      cache.read(key(k), () => {
        loads.push(k);
        return Promise.resolve(v);
      });
    await read('a', 'xxxx');
    await read('b', 'xxxx');
    await read('c', 'xxxx'); // 12 bytes in all: a goes
    await read('b', 'xxxx');
    await read('c', 'xxxx');
    await read('a', 'xxxx');
    assert.deepEqual(loads, ['a', 'b', 'c', 'a']);
    await read('huge', 'x'.repeat(11));
    await read('huge', 'x'.repeat(11));
    assert.deepEqual(loads.slice(4), ['huge', 'huge']);
  });
});
