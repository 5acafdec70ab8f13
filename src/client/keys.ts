// Firefox's Sync key, derived from kB the way Firefox itself derives it
// (firefox.md §3.4):
//
//   kSync = HKDF-SHA256(kB, salt = empty, info = KW("oldsync"), 64 bytes)
//   kXCS  = SHA-256(kB)[0:16]
//   JWK   = {kty: "oct", scope, k: b64url(kSync), kid: "<keyRotationTimestamp>-" + b64url(kXCS)}
//
// keyRotationTimestamp comes from /account/scoped-key-data (milliseconds).
// The kid is also what Firefox sends the tokenserver as X-KeyID, so the
// tokenserver learns when the key last changed and which key it is.
import { bytesToB64url, hexToBytes, type Bytes } from './bytes.js';
import { hkdfSha256, sha256 } from './crypto.js';
import { kw } from './onepw.js';

export const OLDSYNC_SCOPE = 'https://identity.mozilla.com/apps/oldsync';

/** A scoped key as Firefox stores it and as keys_jwe carries it. */
export interface ScopedKey {
  kty: 'oct';
  scope: string;
  /** The key, b64url. */
  k: string;
  kid: string;
}

/** What /account/scoped-key-data reports for one scope. */
export interface ScopedKeyData {
  identifier: string;
  keyRotationSecret: string;
  keyRotationTimestamp: number;
}

const asBytes = (key: Bytes | string): Bytes => (typeof key === 'string' ? hexToBytes(key) : key);

/** kB -> the oldsync JWK; kB as bytes or hex. */
export async function deriveOldsyncKey(
  kB: Bytes | string,
  keyRotationTimestamp: number,
): Promise<ScopedKey> {
  const key = asBytes(kB);
  if (key.length !== 32) throw new RangeError('kB is 32 bytes');
  if (!Number.isSafeInteger(keyRotationTimestamp) || keyRotationTimestamp <= 0) {
    // Firefox refuses a kid whose timestamp is not a positive number.
    throw new RangeError('keyRotationTimestamp must be a positive integer');
  }
  const kSync = await hkdfSha256(key, kw('oldsync'), 64);
  const kXCS = (await sha256(key)).slice(0, 16);
  return {
    kty: 'oct',
    scope: OLDSYNC_SCOPE,
    k: bytesToB64url(kSync),
    kid: `${keyRotationTimestamp}-${bytesToB64url(kXCS)}`,
  };
}

/**
 * The scoped keys for every scope the server reported data for. Only the
 * oldsync scope has a derivation this server hands out keys for; another
 * scope with key data is refused rather than given a wrong key.
 */
export async function deriveScopedKeys(
  kB: Bytes | string,
  data: Record<string, ScopedKeyData>,
): Promise<Record<string, ScopedKey>> {
  const keys: Record<string, ScopedKey> = {};
  for (const [scope, entry] of Object.entries(data)) {
    if (scope !== OLDSYNC_SCOPE) throw new Error(`no key derivation for scope ${scope}`);
    keys[scope] = await deriveOldsyncKey(kB, entry.keyRotationTimestamp);
  }
  return keys;
}
