// The server side of onepw (api-v1.md §3.3). From the client's authPW and the
// stored authSalt, scrypt gives bigStretchedPW; HKDF turns it into verifyHash
// (stored, compared at login) and wrapwrapKey (XOR-wraps wrapKb).
//
// Quirk kept on purpose: FxA feeds HKDF the *lower-case hex string* of
// bigStretchedPW (64 ASCII bytes), not its 32 raw bytes. Following it keeps
// the stored verifyHash/wrapWrapKb interchangeable with a real FxA database.
import { hkdf } from './hkdf.js';
import { xor } from './bytes.js';

export const VERIFIER_VERSION = 1;

export type Hasher = (authPW: Buffer, authSalt: Buffer) => Promise<Buffer>;

export interface StretchedPassword {
  verifyHash: Buffer;
  wrapwrapKey: Buffer;
}

/** Both derived values from bigStretchedPW, with the ASCII-hex IKM quirk. */
export function deriveFromStretched(bigStretchedPW: Buffer): StretchedPassword {
  const ikm = Buffer.from(bigStretchedPW.toString('hex'), 'ascii');
  return { verifyHash: hkdf(ikm, 'verifyHash', 32), wrapwrapKey: hkdf(ikm, 'wrapwrapKey', 32) };
}

export async function stretchPassword(
  hash: Hasher,
  authPW: Buffer,
  authSalt: Buffer,
): Promise<StretchedPassword> {
  return deriveFromStretched(await hash(authPW, authSalt));
}

/** wrapKb = wrapwrapKey XOR wrapWrapKb; the same XOR also wraps it again. */
export function unwrapKb(wrapwrapKey: Buffer, wrapWrapKb: Buffer): Buffer {
  return xor(wrapwrapKey, wrapWrapKb);
}
