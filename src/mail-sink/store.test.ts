// The sink's store is capped so a long-running dev server stays small.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MailStore, type Mail } from './store.js';

const mail = (subject: string): Mail => ({ headers: {}, subject, text: '', html: '' });
const subjects = (store: MailStore, address: string): string[] =>
  store.list(address).map((m) => m.subject);

describe('MailStore', () => {
  it('files mail by lower-cased address, oldest first', () => {
    const store = new MailStore();
    store.add('Alice@Example.test', mail('1'));
    store.add('alice@example.test', mail('2'));
    store.add('bob@example.test', mail('3'));
    assert.deepEqual(subjects(store, 'ALICE@example.test'), ['1', '2']);
    assert.deepEqual(subjects(store, 'carol@example.test'), []);
  });

  it('drops the oldest mail of an address past the per-address cap', () => {
    const store = new MailStore({ perAddress: 2, total: 100 });
    for (const s of ['1', '2', '3']) store.add('a@example.test', mail(s));
    store.add('b@example.test', mail('x'));
    assert.deepEqual(subjects(store, 'a@example.test'), ['2', '3']);
    assert.deepEqual(subjects(store, 'b@example.test'), ['x']);
  });

  it('drops the oldest mail overall past the total cap', () => {
    const store = new MailStore({ perAddress: 10, total: 3 });
    store.add('a@example.test', mail('a1'));
    store.add('b@example.test', mail('b1'));
    store.add('a@example.test', mail('a2'));
    store.add('c@example.test', mail('c1'));
    assert.equal(store.size, 3);
    assert.deepEqual(subjects(store, 'a@example.test'), ['a2']);
    assert.deepEqual(subjects(store, 'b@example.test'), ['b1']);
  });

  it('clears one address and leaves the others', () => {
    const store = new MailStore();
    store.add('a@example.test', mail('1'));
    store.add('b@example.test', mail('2'));
    store.clear('A@example.test');
    assert.deepEqual(subjects(store, 'a@example.test'), []);
    assert.deepEqual(subjects(store, 'b@example.test'), ['2']);
  });
});
