// Sign-in unblock codes: 8 characters a person copies from a mail, drawn
// from Crockford's base32 alphabet (no I, L, O or U to misread), so 40
// random bits. FxA's clients check them as 8 letters or digits and the
// server reads them case-insensitively, so a code is upper-cased before it
// is hashed. Only SHA-256(uid || code) is stored.
import { createHash } from 'node:crypto';
import { random } from '../crypto/bytes.js';

export const UNBLOCK_CODE_LENGTH = 8;
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A fresh code: 5 random bytes, 5 bits per character. */
export function newUnblockCode(): string {
  let bits = BigInt(`0x${random(5).toString('hex')}`);
  let code = '';
  for (let i = 0; i < UNBLOCK_CODE_LENGTH; i++) {
    code = ALPHABET[Number(bits & 31n)]! + code;
    bits >>= 5n;
  }
  return code;
}

export function unblockCodeHash(uid: Buffer, code: string): Buffer {
  return createHash('sha256').update(uid).update(code.toUpperCase(), 'utf8').digest();
}
