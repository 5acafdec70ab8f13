// The client half of the onepw protocol (spec §3), written from the spec alone so
// that the end-to-end tests check the server against an independent implementation.
//
// The password never leaves the client. It is stretched with PBKDF2 (salted with the
// email) and split by HKDF into authPW, which the server sees, and unwrapBKey, which
// only the client holds. Every token the server hands out is a 32-byte seed; HKDF turns
// it into the Hawk id, the Hawk key and, for keyFetchToken, the key of the keys bundle.
import { createHmac, hkdf, pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const pbkdf2Async = promisify(pbkdf2);
const hkdfAsync = promisify(hkdf);

export type TokenType =
  | 'sessionToken'
  | 'keyFetchToken'
  | 'accountResetToken'
  | 'passwordForgotToken'
  | 'passwordChangeToken';

export interface StretchedPassword {
  authPW: Buffer;
  unwrapBKey: Buffer;
}

export interface TokenKeys {
  /** The Hawk credentials id, 64 lower-case hex chars on the wire. */
  id: string;
  /** The Hawk credentials key (raw bytes, the HMAC key). */
  authKey: Buffer;
  /** Keys the /account/keys bundle; only keyFetchToken uses it. */
  bundleKey: Buffer;
}

export interface AccountKeys {
  kA: Buffer;
  wrapKb: Buffer;
}

// onepw: KW(name) = "identity.mozilla.com/picl/v1/" + name
export function kw(name: string): string {
  return `identity.mozilla.com/picl/v1/${name}`;
}

// onepw: HKDF-SHA256 with an empty salt (spec §3)
export async function hkdfSha256(ikm: Buffer, info: string, length: number): Promise<Buffer> {
  return Buffer.from(await hkdfAsync('sha256', ikm, Buffer.alloc(0), info, length));
}

export function xor(a: Buffer, b: Buffer): Buffer {
  if (a.length !== b.length) throw new Error(`xor of unequal lengths ${a.length} and ${b.length}`);
  return Buffer.from(a.map((byte, i) => byte ^ (b[i] ?? 0)));
}

// onepw: quickStretchedPW = PBKDF2-SHA256(password, KWE("quickStretch", email), 1000, 32)
export async function quickStretch(email: string, password: string): Promise<Buffer> {
  const salt = Buffer.from(`${kw('quickStretch')}:${email}`, 'utf8');
  return pbkdf2Async(Buffer.from(password, 'utf8'), salt, 1000, 32, 'sha256');
}

/** What the client does before create, login or destroy (spec §3.1). */
export async function stretch(email: string, password: string): Promise<StretchedPassword> {
  const quickStretchedPW = await quickStretch(email, password);
  return {
    authPW: await hkdfSha256(quickStretchedPW, kw('authPW'), 32),
    // The lower-case "k" in "unwrapBkey" is part of the protocol.
    unwrapBKey: await hkdfSha256(quickStretchedPW, kw('unwrapBkey'), 32),
  };
}

// onepw: HKDF(seed, KW(tokenType), 96) = tokenId | authKey | bundleKey (spec §3.2)
export async function deriveToken(type: TokenType, seedHex: string): Promise<TokenKeys> {
  const x = await hkdfSha256(Buffer.from(seedHex, 'hex'), kw(type), 96);
  return {
    id: x.subarray(0, 32).toString('hex'),
    authKey: x.subarray(32, 64),
    bundleKey: x.subarray(64, 96),
  };
}

// onepw: bundle = ((kA | wrapKb) XOR respXORkey) | HMAC(respHMACkey, ciphertext) (spec §3.5)
export async function unbundleKeys(bundleHex: string, bundleKey: Buffer): Promise<AccountKeys> {
  const bundle = Buffer.from(bundleHex, 'hex');
  if (bundle.length !== 96) throw new Error(`key bundle is ${bundle.length} bytes, expected 96`);
  const keys = await hkdfSha256(bundleKey, kw('account/keys'), 96);
  const respHMACkey = keys.subarray(0, 32);
  const respXORkey = keys.subarray(32, 96);
  const ciphertext = bundle.subarray(0, 64);
  const mac = bundle.subarray(64, 96);
  const expected = createHmac('sha256', respHMACkey).update(ciphertext).digest();
  if (!timingSafeEqual(mac, expected)) throw new Error('key bundle HMAC mismatch');
  const plain = xor(ciphertext, respXORkey);
  return { kA: plain.subarray(0, 32), wrapKb: plain.subarray(32, 64) };
}

/** Builds a bundle the way the server must, so the vector test can check both ways. */
export async function bundleKeys(keys: AccountKeys, bundleKey: Buffer): Promise<string> {
  const derived = await hkdfSha256(bundleKey, kw('account/keys'), 96);
  const ciphertext = xor(Buffer.concat([keys.kA, keys.wrapKb]), derived.subarray(32, 96));
  const mac = createHmac('sha256', derived.subarray(0, 32)).update(ciphertext).digest();
  return Buffer.concat([ciphertext, mac]).toString('hex');
}
