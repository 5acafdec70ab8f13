// The 6-digit code of `verificationMethod: 'email-otp'`: mailed at sign-up
// (and on resend), typed into the waiting page, and checked by
// POST /v1/session/verify_code. As in current FxA it is an HOTP value
// (RFC 4226, here over HMAC-SHA256) of a time step, so the server stores
// nothing new and a resend within the same step mails the same code.
//
//   key  = HKDF-SHA256(ikm = account emailCode, salt = sessionTokenId,
//                      info = KW("sessionVerifyCode"), 32 bytes)
//   code = HOTP(key, floor(now / step)) mod 10^6, step = lifetime / 4
//
// Keyed by the account's secret emailCode, the code proves the same thing
// the mailed link does, and nothing else: it cannot open a password reset,
// and the key is bound to one session, so a code mailed for one sign-in is
// refused for any other. A code is accepted for its own step and the three
// after it, so it lives between 3/4 of the lifetime and the whole lifetime.
// Six digits can be guessed; customs limits the tries per account.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { kw } from '../crypto/hkdf.js';

export const CODE_DIGITS = 6;
export const CODE_FORMAT = /^[0-9]{6}$/;
const LIVE_STEPS = 4;

/** RFC 4226 HOTP with HMAC-SHA256 and dynamic truncation (RFC 6238 §1.2's SHA-256 variant). */
export function hotpSha256(key: Buffer, counter: number, digits: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha256', key).update(message).digest();
  const offset = h[h.length - 1]! & 0x0f;
  const binary = h.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

function keyOf(emailCode: Buffer, sessionTokenId: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', emailCode, sessionTokenId, kw('sessionVerifyCode'), 32));
}

// A lifetime under a few ms would make every step one ms; zero would divide by zero.
const stepOf = (now: number, lifetimeMs: number) =>
  Math.floor(now / Math.max(1, lifetimeMs / LIVE_STEPS));

/** The code to mail now for this session of this account. */
export function sessionVerifyCode(
  emailCode: Buffer,
  sessionTokenId: Buffer,
  now: number,
  lifetimeMs: number,
): string {
  return hotpSha256(keyOf(emailCode, sessionTokenId), stepOf(now, lifetimeMs), CODE_DIGITS);
}

/**
 * Whether `code` is one mailed for this session within its lifetime. Every
 * live step is compared, in constant time, whatever an earlier one gave.
 */
export function checkSessionVerifyCode(
  code: string,
  emailCode: Buffer,
  sessionTokenId: Buffer,
  now: number,
  lifetimeMs: number,
): boolean {
  // The shape is no secret; only the digits are compared in constant time.
  if (!CODE_FORMAT.test(code)) return false;
  const given = Buffer.from(code, 'ascii');
  const key = keyOf(emailCode, sessionTokenId);
  const step = stepOf(now, lifetimeMs);
  let match = false;
  for (let back = 0; back < LIVE_STEPS; back++) {
    const expected = Buffer.from(hotpSha256(key, step - back, CODE_DIGITS), 'ascii');
    match = timingSafeEqual(given, expected) || match;
  }
  return match;
}
