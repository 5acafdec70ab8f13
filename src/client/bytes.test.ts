// The client's encodings against Node's Buffer, which it may not use itself:
// a base64 or hex slip would corrupt every key and signature silently.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  b64urlToBytes,
  bytesToB64url,
  bytesToBase64,
  bytesToHex,
  constantTimeEqual,
  hexToBytes,
  xor,
} from './bytes.js';

describe('client byte encodings', () => {
  it('agree with Buffer for every length from 0 to 70 bytes', () => {
    for (let n = 0; n <= 70; n++) {
      const buf = randomBytes(n);
      const bytes = new Uint8Array(buf);
      assert.equal(bytesToHex(bytes), buf.toString('hex'));
      assert.equal(bytesToBase64(bytes), buf.toString('base64'));
      assert.equal(bytesToB64url(bytes), buf.toString('base64url'));
      assert.deepEqual(b64urlToBytes(buf.toString('base64url')), bytes);
      assert.deepEqual(hexToBytes(buf.toString('hex').toUpperCase()), bytes);
    }
  });

  it('refuses hex and base64url that are not', () => {
    assert.throws(() => hexToBytes('abc'), TypeError);
    assert.throws(() => hexToBytes('zz'), TypeError);
    assert.throws(() => b64urlToBytes('a+b/'), TypeError);
    assert.throws(() => b64urlToBytes('abcde'), TypeError);
  });

  it('xors equal lengths only, and compares without regard to where bytes differ', () => {
    assert.deepEqual(xor(new Uint8Array([1, 2]), new Uint8Array([3, 2])), new Uint8Array([2, 0]));
    assert.throws(() => xor(new Uint8Array(1), new Uint8Array(2)), RangeError);
    assert.equal(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])), true);
    assert.equal(constantTimeEqual(new Uint8Array([1, 2]), new Uint8Array([1, 3])), false);
    assert.equal(constantTimeEqual(new Uint8Array([1]), new Uint8Array([1, 0])), false);
  });
});
