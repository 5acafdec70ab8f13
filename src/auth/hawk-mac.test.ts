// The Hawk MAC must be exactly HMAC-SHA256: checked against Node's createHmac
// for the key sizes the server MACs with (32-byte token keys, Sync's
// 44-character secrets) and the edges of RFC 2104's key handling.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { macKey } from './hawk-mac.js';

const reference = (key: Buffer, message: string) =>
  createHmac('sha256', key).update(message, 'utf8').digest('base64');

describe('macKey', () => {
  it('matches createHmac for keys shorter than, equal to and longer than a block', () => {
    for (const size of [0, 1, 32, 44, 63, 64, 65, 200]) {
      const key = randomBytes(size);
      for (const message of [
        '',
        'hawk.1.header\n1\nn\nGET\n/\nh\n443\n\n\n',
        'é€😀\n'.repeat(50),
      ]) {
        assert.equal(macKey(key).mac(message), reference(key, message), `key of ${size} bytes`);
      }
    }
  });

  it('gives the same MAC every time, whatever was MACed in between', () => {
    const key = macKey(randomBytes(32));
    const first = key.mac('one');
    key.mac('a much longer message than the first one, to leave other bytes behind'.repeat(3));
    assert.equal(key.mac('one'), first);
  });

  it('keeps each key to itself', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    const ka = macKey(a);
    const kb = macKey(b);
    assert.equal(ka.mac('m'), reference(a, 'm'));
    assert.equal(kb.mac('m'), reference(b, 'm'));
    assert.notEqual(ka.mac('m'), kb.mac('m'));
  });
});
