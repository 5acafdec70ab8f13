// The customs contract on the in-memory store, and its pruning.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLogger } from '../log.js';
import { customsContract } from './customs.contract.js';
import { START, blockedBy, req, rule, who } from './customs.fixtures.js';
import { CustomsEngine } from './engine.js';
import { createCustoms } from './index.js';
import { MemoryStore } from './memory-store.js';
import { DEFAULT_RULES } from './rules.js';

const log = createLogger('silent');

describe('customs in memory', () => {
  customsContract((rules, clock) => createCustoms({ rules, failOpen: false, clock, log }));
});

describe('memory store', () => {
  it('prunes records and indexes once their windows and blocks are over', async () => {
    let now = START;
    const store = new MemoryStore(() => now);
    const customs = new CustomsEngine({
      rules: DEFAULT_RULES,
      store,
      failOpen: false,
      clock: () => now,
      log,
    });
    for (let i = 0; i < 50; i++) {
      const w = who();
      for (let j = 0; j < 4; j++) await customs.check(req('accountLogin', w));
      await customs.check(req('accountCreate', w));
    }
    await customs.ban({ kind: 'ip', value: who().ip }, 7200);
    assert.ok(store.size().records > 100);

    now += 3600 * 1000; // the 15-minute rules are over, the daily one and the ban are not
    store.prune(now);
    assert.equal(store.size().records, 51);
    now += 86_400 * 1000;
    store.prune(now);
    assert.deepEqual(store.size(), { records: 0, indexes: 0 });
    await customs.close();
  });

  it('keeps a record while its block lasts, even past its window', async () => {
    let now = START;
    const store = new MemoryStore(() => now);
    const r = rule({ name: 'short-window', max: 0, windowSec: 60, blockSec: 600 });
    const customs = new CustomsEngine({
      rules: [r],
      store,
      failOpen: false,
      clock: () => now,
      log,
    });
    const w = who();
    await customs.check(req('accountLogin', w));
    now += 120 * 1000;
    store.prune(now);
    assert.deepEqual(await customs.check(req('accountLogin', w)), blockedBy('short-window', 480));
    await customs.close();
  });
});
