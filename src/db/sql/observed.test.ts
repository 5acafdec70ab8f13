// The observed driver counts what the database could not answer, by
// reason, and nothing else: a statement's own fault (a duplicate key) and
// every success pass through uncounted, and every answer is unchanged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StoreUnavailableError } from '../store.js';
import { DeadlineError } from './deadline.js';
import type { Driver } from './driver.js';
import { observedDriver } from './observed.js';

function fakeDriver(outcomes: Array<() => Promise<never> | Promise<{ changes: number }>>): Driver {
  const next = () => (outcomes.shift() ?? (() => Promise.resolve({ changes: 1 })))();
  return {
    dialect: 'sqlite',
    all: () => Promise.resolve([]),
    get: () => Promise.resolve(undefined),
    run: () => next(),
    transaction: () => next() as Promise<never>,
    migration: () => Promise.reject(new Error('not used')),
    isDuplicate: () => false,
    ping: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

describe('observedDriver', () => {
  it('counts timeouts and other outages, and passes everything through', async () => {
    const duplicate = Object.assign(new Error('dup'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    const timeout = new StoreUnavailableError(new DeadlineError(5000));
    const down = new StoreUnavailableError(new Error('connect ECONNREFUSED'));
    const driver = fakeDriver([
      () => Promise.reject(timeout),
      () => Promise.reject(down),
      () => Promise.reject(duplicate),
      () => Promise.resolve({ changes: 2 }),
    ]);
    const seen: string[] = [];
    const observed = observedDriver(driver, { databaseError: (reason) => seen.push(reason) });
    await assert.rejects(observed.run('UPDATE a'), (err) => err === timeout);
    await assert.rejects(
      observed.transaction(() => Promise.resolve()),
      (err) => err === down,
    );
    await assert.rejects(observed.run('INSERT b'), (err) => err === duplicate);
    assert.deepEqual(await observed.run('UPDATE c'), { changes: 2 });
    assert.deepEqual(seen, ['timeout', 'unavailable']);
    assert.equal(observed.dialect, 'sqlite');
    assert.equal(observed.poolStats?.(), undefined, 'SQLite has no pool');
  });
});
