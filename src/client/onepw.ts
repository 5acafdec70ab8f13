// The client half of the onepw protocol (api-v1.md §3), from the spec alone.
//
// The password never leaves the client. PBKDF2, salted with the email as the
// account spells it, stretches it; HKDF splits the result into authPW, which
// the server sees, and unwrapBKey, which only the client holds. Every token
// the server hands out is a 32-byte seed: HKDF turns it into the Hawk id,
// the Hawk key and, for a keyFetchToken, the key of the /account/keys bundle,
// whose (kA, wrapKb) gives kB = wrapKb XOR unwrapBKey.
import {
  bytesToHex,
  concat,
  constantTimeEqual,
  hexToBytes,
  utf8,
  xor,
  type Bytes,
} from './bytes.js';
import { hkdfSha256, hmacSha256, pbkdf2Sha256 } from './crypto.js';

export type TokenType =
  | 'sessionToken'
  | 'keyFetchToken'
  | 'accountResetToken'
  | 'passwordForgotToken'
  | 'passwordChangeToken';

export interface StretchedPassword {
  authPW: Bytes;
  unwrapBKey: Bytes;
}

export interface TokenKeys {
  /** The Hawk credentials id: 64 lower-case hex characters on the wire. */
  id: string;
  /** The Hawk credentials key, raw bytes. */
  authKey: Bytes;
  /** Opens the /account/keys bundle; only a keyFetchToken's is used. */
  bundleKey: Bytes;
}

export interface BundledKeys {
  kA: Bytes;
  wrapKb: Bytes;
}

/** The key bundle failed its HMAC: corrupted, or not made with this keyFetchToken. */
export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

const PBKDF2_ITERATIONS = 1000;

// onepw: KW(name) = "identity.mozilla.com/picl/v1/" + name
export function kw(name: string): Bytes {
  return utf8(`identity.mozilla.com/picl/v1/${name}`);
}

// onepw: quickStretchedPW = PBKDF2-SHA256(password, KWE("quickStretch", email), 1000, 32)
export function quickStretch(email: string, password: string): Promise<Bytes> {
  const salt = concat(kw('quickStretch'), utf8(`:${email}`));
  return pbkdf2Sha256(utf8(password), salt, PBKDF2_ITERATIONS, 32);
}

/** authPW and unwrapBKey for an email and password (api-v1.md §3.1). */
export async function stretch(email: string, password: string): Promise<StretchedPassword> {
  const quick = await quickStretch(email, password);
  return {
    authPW: await hkdfSha256(quick, kw('authPW'), 32),
    // The lower-case "k" in "unwrapBkey" is part of the protocol.
    unwrapBKey: await hkdfSha256(quick, kw('unwrapBkey'), 32),
  };
}

// onepw: HKDF(seed, KW(tokenType), 96) = tokenId | authKey | bundleKey (api-v1.md §3.2)
export async function deriveTokenKeys(type: TokenType, seedHex: string): Promise<TokenKeys> {
  const x = await hkdfSha256(hexToBytes(seedHex), kw(type), 96);
  return { id: bytesToHex(x.subarray(0, 32)), authKey: x.slice(32, 64), bundleKey: x.slice(64) };
}

async function bundleKeysOf(bundleKey: Bytes): Promise<{ hmacKey: Bytes; xorKey: Bytes }> {
  const y = await hkdfSha256(bundleKey, kw('account/keys'), 96);
  return { hmacKey: y.slice(0, 32), xorKey: y.slice(32) };
}

// onepw: bundle = ((kA | wrapKb) XOR respXORkey) | HMAC(respHMACkey, ciphertext) (api-v1.md §3.5)
export async function unbundleKeys(bundleHex: string, bundleKey: Bytes): Promise<BundledKeys> {
  const bundle = hexToBytes(bundleHex);
  if (bundle.length !== 96) throw new BundleError(`key bundle is ${bundle.length} bytes, not 96`);
  const { hmacKey, xorKey } = await bundleKeysOf(bundleKey);
  const ciphertext = bundle.subarray(0, 64);
  const expected = await hmacSha256(hmacKey, ciphertext);
  if (!constantTimeEqual(bundle.subarray(64), expected)) {
    throw new BundleError('key bundle HMAC mismatch');
  }
  const plain = xor(ciphertext, xorKey);
  return { kA: plain.slice(0, 32), wrapKb: plain.slice(32) };
}

/** Seals a bundle as the server does; lets the vectors check both directions. */
export async function bundleKeys(keys: BundledKeys, bundleKey: Bytes): Promise<string> {
  const { hmacKey, xorKey } = await bundleKeysOf(bundleKey);
  const ciphertext = xor(concat(keys.kA, keys.wrapKb), xorKey);
  return bytesToHex(concat(ciphertext, await hmacSha256(hmacKey, ciphertext)));
}

// onepw: kB = wrapKb XOR unwrapBKey; a password change sends kB XOR newUnwrapBKey (api-v1.md §3.3)
export function wrapKey(key: Bytes, unwrapBKey: Bytes): Bytes {
  return xor(key, unwrapBKey);
}
