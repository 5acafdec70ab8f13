// The mailed 6-digit code: HOTP checked against RFC 6238's SHA-256 vectors,
// then the properties the sign-up page relies on: the code lives for its
// lifetime and no longer, belongs to one session and one account, and a
// resend soon after mails the same one.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { checkSessionVerifyCode, hotpSha256, sessionVerifyCode } from './code.js';

// RFC 6238 Appendix B, SHA-256 column: 8 digits, 30 s steps, this 32-byte key.
const RFC_KEY = Buffer.from('12345678901234567890123456789012', 'ascii');
const RFC_VECTORS: [number, string][] = [
  [59, '46119246'],
  [1111111109, '68084774'],
  [1111111111, '67062674'],
  [1234567890, '91819424'],
  [2000000000, '90698825'],
  [20000000000, '77737706'],
];

const LIFETIME = 20 * 60 * 1000;
const NOW = 1_800_000_000_000;

describe('HOTP-SHA256', () => {
  for (const [t, code] of RFC_VECTORS) {
    it(`gives ${code} at T = ${t}`, () => {
      assert.equal(hotpSha256(RFC_KEY, Math.floor(t / 30), 8), code);
    });
  }
});

describe('the session verification code', () => {
  const emailCode = randomBytes(16);
  const tokenId = randomBytes(32);
  const check = (code: string, at: number, e = emailCode, t = tokenId) =>
    checkSessionVerifyCode(code, e, t, at, LIFETIME);

  it('is six digits, and the same for a resend within a quarter of the lifetime', () => {
    const step = LIFETIME / 4;
    const start = Math.floor(NOW / step) * step;
    const code = sessionVerifyCode(emailCode, tokenId, start, LIFETIME);
    assert.match(code, /^[0-9]{6}$/);
    assert.equal(sessionVerifyCode(emailCode, tokenId, start + step - 1, LIFETIME), code);
  });

  it('is accepted for at least 3/4 of its lifetime and refused after it', () => {
    const code = sessionVerifyCode(emailCode, tokenId, NOW, LIFETIME);
    assert.equal(check(code, NOW), true);
    assert.equal(check(code, NOW + (LIFETIME * 3) / 4 - 1), true);
    assert.equal(check(code, NOW + LIFETIME), false);
    assert.equal(check(code, NOW - LIFETIME / 4 - 1), false, 'nor before it was mailed');
  });

  it('belongs to one session and one account', () => {
    const code = sessionVerifyCode(emailCode, tokenId, NOW, LIFETIME);
    assert.equal(check(code, NOW, emailCode, randomBytes(32)), false);
    assert.equal(check(code, NOW, randomBytes(16), tokenId), false);
  });

  it('refuses anything that is not six digits without comparing it', () => {
    const code = sessionVerifyCode(emailCode, tokenId, NOW, LIFETIME);
    for (const bad of ['', code.slice(1), `${code}0`, ` ${code.slice(1)}`, '１２３４５６']) {
      assert.equal(check(bad, NOW), false, JSON.stringify(bad));
    }
  });
});
