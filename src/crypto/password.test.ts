// onepw server-side vectors, api-v1.md §3.7.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deriveFromStretched, unwrapKb } from './password.js';
import { scryptOnce, BoundedScrypt, ScryptBusyError } from './scrypt.js';
import { hkdf } from './hkdf.js';
import { xor } from './bytes.js';

const hex = (s: string) => Buffer.from(s, 'hex');
const range = (start: number) => Buffer.from(Array.from({ length: 32 }, (_, i) => start + i));

const authPW = hex('247b675ffb4c46310bc87e26d712153abe5e1c90ef00a4784594f97ef54f2375');
const authSalt = Buffer.concat([hex('00f0'), Buffer.alloc(30)]);
const bigStretchedPW = hex('441509e25c92ee103d5a1a874e6f155df25a44d06e61c894616c9e85181dba97');
const unwrapBkey = hex('de6a2648b78284fcb9ffa81ba95803309cfba7af583c01a8a1a63e567234dd28');

describe('onepw server vectors', () => {
  it('scrypt(authPW, authSalt) gives the published bigStretchedPW', async () => {
    assert.equal(
      (await scryptOnce(authPW, authSalt)).toString('hex'),
      bigStretchedPW.toString('hex'),
    );
  });

  it('scrypt matches the fxa-auth-server sanity vector', async () => {
    const out = await scryptOnce(
      hex('f84913e3d8e6d624689d0a3e9678ac8dcc79d2c2f3d9641488cd9d6ef6cd83dd'),
      Buffer.from('identity.mozilla.com/picl/v1/scrypt', 'ascii'),
    );
    assert.equal(
      out.toString('hex'),
      '5b82f146a64126923e4167a0350bb181feba61f63cb1714012b19cb0be0119c5',
    );
  });

  it('derives verifyHash and wrapwrapKey from the ASCII-hex IKM, as the FxA server stores them', () => {
    const { verifyHash, wrapwrapKey } = deriveFromStretched(bigStretchedPW);
    assert.equal(
      verifyHash.toString('hex'),
      '35307c883460cf869144774461be1794914d9d9c35c0a82bca48733bec367e20',
    );
    assert.equal(
      wrapwrapKey.toString('hex'),
      'ae5226f7c3923afada2396df93d66b37def0131a3651975ec8f6c83808796418',
    );
  });

  it('the raw-IKM variant reproduces the wiki vectors, so the quirk is the only difference', () => {
    assert.equal(
      hkdf(bigStretchedPW, 'verifyHash', 32).toString('hex'),
      'a4765bf103dc057f4cf4bc2c131ddb6716e8a4333cc55e1d3c449f31f0eec4f1',
    );
    assert.equal(
      hkdf(bigStretchedPW, 'wrapwrapKey', 32).toString('hex'),
      '3ebea117efa9faf57ce195899b2905058368e7760cc26ea58a2a1be0da7fb287',
    );
  });

  it('wrapKb and kB follow from wrapwrapKb = 0x40..0x5f', () => {
    const { wrapwrapKey } = deriveFromStretched(bigStretchedPW);
    const wrapKb = unwrapKb(wrapwrapKey, range(0x40));
    assert.equal(
      wrapKb.toString('hex'),
      'ee1364b487d77cbd926adc94df9b25788ea141496204c10990af926354243a47',
    );
    assert.equal(
      xor(wrapKb, unwrapBkey).toString('hex'),
      '307942fc3055f8412b95748f76c32648125ae6e63a38c0a13109ac352610e76f',
    );
  });
});

describe('BoundedScrypt', () => {
  it('refuses a hash beyond maxPending instead of queueing it', async () => {
    const s = new BoundedScrypt(1);
    const first = s.hash(authPW, authSalt);
    await assert.rejects(s.hash(authPW, authSalt), ScryptBusyError);
    assert.equal((await first).toString('hex'), bigStretchedPW.toString('hex'));
    assert.equal(s.inFlight, 0);
  });
});
