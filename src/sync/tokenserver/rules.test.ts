// The users-table rules of sync.md §1.3 on their own, including the claims
// our OAuth never produces (no generation at all, rows from before
// keys_changed_at was tracked), with the transitions of syncstorage-rs's
// tokenserver tests as the checklist.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decide, type Claims, type Decision } from './rules.js';
import type { SyncUserRecord } from './store.js';

const FXA = Buffer.alloc(16, 7);
const NODE = 'https://sync.example/sync';
const NOW = 5000;
const place = { node: NODE, allowNewUsers: true, now: NOW };

let nextUid = 1;
function row(fields: Partial<SyncUserRecord> = {}): SyncUserRecord {
  return {
    uid: nextUid++,
    fxaUid: FXA,
    generation: 1234,
    clientState: 'aaaa',
    keysChangedAt: 1234,
    createdAt: 1000,
    replacedAt: null,
    node: NODE,
    ...fields,
  };
}

const claims = (
  generation: number | null,
  keysChangedAt: number | null,
  clientState = 'aaaa',
): Claims => ({ fxaUid: FXA, generation, keysChangedAt, clientState });

/** The refusal's `status` and description, or the decision's kind. */
function outcome(d: Decision): string {
  if (d.kind !== 'refuse') return d.kind;
  const r = d.error.tokenserver;
  return r.description === 'Unauthorized' ? r.status : `${r.status}: ${r.description}`;
}

const stale = 'invalid-client-state: Unacceptable client-state value stale value';
const noGeneration =
  'invalid-client-state: Unacceptable client-state value new value with no generation change';
const noKca =
  'invalid-client-state: Unacceptable client-state value new value with no keys_changed_at change';

describe('users-table rules (sync.md §1.3)', () => {
  it('gives a new account a row with what it reported, or refuses it when new users are off', () => {
    const d = decide(claims(1234, 1200, 'bbbb'), [], place);
    assert.deepEqual(d, {
      kind: 'allocate',
      user: {
        fxaUid: FXA,
        generation: 1234,
        clientState: 'bbbb',
        keysChangedAt: 1200,
        createdAt: NOW,
        node: NODE,
      },
      replacing: null,
      keysChanged: false,
    });
    const closed = decide(claims(1234, 1200), [], { ...place, allowNewUsers: false });
    assert.equal(outcome(closed), 'new-users-disabled: New users are not allowed');
    assert.equal(closed.kind === 'refuse' && closed.error.output.statusCode, 403);
  });

  it('wants keys_changed_at to move only within the generation', () => {
    const rows = [row({ generation: 1232, keysChangedAt: 1234 })];
    assert.equal(outcome(decide(claims(1235, 1236), rows, place)), 'invalid-keysChangedAt');
    assert.equal(outcome(decide(claims(1233, 1234), rows, place)), 'keep');
    assert.equal(outcome(decide(claims(null, 1235), rows, place)), 'keep');
    assert.equal(outcome(decide(claims(1236, 1235), rows, place)), 'keep');
  });

  it('refuses a client state seen before, and takes a new one with new generation and kca', () => {
    const rows = [
      row({ clientState: 'aaaa', replacedAt: 900, createdAt: 800 }),
      row({ clientState: 'bbbb' }),
    ];
    assert.equal(outcome(decide(claims(1234, 1234, 'aaaa'), rows, place)), stale);
    assert.equal(outcome(decide(claims(1234, 1234, 'bbbb'), rows, place)), 'keep');
    const next = decide(claims(1235, 1235, 'cccc'), rows, place);
    assert.equal(next.kind, 'allocate');
    assert.equal(next.kind === 'allocate' && next.replacing, rows[1]?.uid);
    assert.equal(next.kind === 'allocate' && next.keysChanged, true);
  });

  it('wants a new client state to come with a new generation, when one is reported', () => {
    const rows = [row({ generation: 1234, keysChangedAt: null })];
    assert.equal(outcome(decide(claims(1234, 1234, 'bbbb'), rows, place)), noGeneration);
    const without = decide(claims(null, 1235, 'bbbb'), rows, place);
    assert.equal(without.kind, 'allocate');
    // The reported keys_changed_at became the generation of the new row.
    assert.equal(without.kind === 'allocate' && without.user.generation, 1235);
  });

  it('wants a new client state to come with a new keys_changed_at', () => {
    const rows = [row({ generation: 1234, keysChangedAt: 1234 })];
    assert.equal(outcome(decide(claims(1235, 1234, 'bbbb'), rows, place)), noKca);
    assert.equal(outcome(decide(claims(1235, 1235, 'bbbb'), rows, place)), 'allocate');
  });

  it('refuses an empty client state once a real one was seen', () => {
    const rows = [row({ clientState: 'aaaa' })];
    assert.equal(
      outcome(decide(claims(1235, 1235, ''), rows, place)),
      'invalid-client-state: Unacceptable client-state value empty string',
    );
  });

  it('refuses a generation or keys_changed_at older than the stored one', () => {
    const rows = [row({ generation: 1234, keysChangedAt: 1234 })];
    assert.equal(outcome(decide(claims(1233, 1234), rows, place)), 'invalid-generation');
    assert.equal(outcome(decide(claims(1234, 1233), rows, place)), 'invalid-keysChangedAt');
    // keys_changed_at, once stored, must be reported.
    assert.equal(outcome(decide(claims(1234, null), rows, place)), 'invalid-keysChangedAt');
  });

  it('moves generation and keys_changed_at forward in place, keeping the uid', () => {
    const current = row({ generation: 1234, keysChangedAt: 1234 });
    const d = decide(claims(1240, 1235), [current], place);
    assert.deepEqual(d, {
      kind: 'keep',
      user: { ...current, generation: 1240, keysChangedAt: 1235 },
      advance: true,
    });
    const unchanged = decide(claims(1234, 1234), [current], place);
    assert.equal(unchanged.kind === 'keep' && unchanged.advance, false);
  });

  it('lets keys_changed_at stand in for a missing generation only when both are behind it', () => {
    const never = row({ generation: 0, keysChangedAt: 1234 });
    const same = decide(claims(null, 1234), [never], place);
    assert.equal(same.kind === 'keep' && same.user.generation, 0);
    const newer = decide(claims(null, 1235), [never], place);
    assert.equal(newer.kind === 'keep' && newer.user.generation, 1235);
    const untracked = decide(
      claims(null, 1234),
      [row({ generation: 0, keysChangedAt: null })],
      place,
    );
    assert.equal(untracked.kind === 'keep' && untracked.user.generation, 1234);
  });

  it('takes the row with the greatest (generation, created_at) as current', () => {
    const rows = [
      row({ generation: 1234, createdAt: 1234, replacedAt: 1240 }),
      row({ generation: 1235, createdAt: 1234, replacedAt: 1240 }),
      row({ generation: 1236, createdAt: 1233 }),
      row({ generation: 1234, createdAt: 1235, replacedAt: 1240 }),
    ];
    const d = decide(claims(1236, 1234), rows, place);
    assert.equal(d.kind === 'keep' && d.user.uid, rows[2]?.uid);
  });

  it('copies a replaced current row, or one on another node, to a new uid without erasing', () => {
    const replaced = row({ generation: 1234, createdAt: 1234, replacedAt: 1234 });
    const copy = decide(claims(1234, 1234), [replaced], place);
    assert.deepEqual(copy.kind === 'allocate' && [copy.replacing, copy.keysChanged], [null, false]);
    const elsewhere = row({ node: 'https://old.example' });
    const moved = decide(claims(1234, 1234), [elsewhere], place);
    assert.equal(moved.kind === 'allocate' && moved.user.node, NODE);
    assert.deepEqual(moved.kind === 'allocate' && [moved.replacing, moved.keysChanged], [
      elsewhere.uid,
      false,
    ]);
  });

  it('treats a first client state after none as no change of kB', () => {
    const blank = row({ generation: 0, keysChangedAt: null, clientState: '' });
    const d = decide(claims(1234, 1234, 'bbbb'), [blank], place);
    assert.deepEqual(d.kind === 'allocate' && [d.user.generation, d.keysChanged], [1234, false]);
  });
});
