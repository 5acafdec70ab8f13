// The tokenlib format (sync.md §1.5): how the tokenserver hands a storage
// node a credential that the node can check without any shared state but
// the master secret. syncstorage-rs reads and writes the same format, so an
// operator can point our tokenserver at one of its nodes.
//
//   signingKey = HKDF-SHA256(master, salt ∅, "services.mozilla.com/tokenlib/v1/signing", 32)
//   id         = b64url-padded( json ‖ HMAC-SHA256(signingKey, json) )
//   key        = b64url-padded( HKDF-SHA256(master, salt = ascii(payload.salt),
//                               "services.mozilla.com/tokenlib/v1/derive/" + id, 32) )
//
// The Hawk key of a storage request is the ASCII of `key`, not its bytes.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

export interface TokenPayload {
  /** The Sync uid: the storage path segment, not the FxA uid. */
  uid: number;
  /** The storage node the token was issued for. */
  node: string;
  /** Unix seconds. */
  expires: number;
  /** 6 hex chars, salting the key derivation. */
  salt: string;
  fxa_uid: string;
  fxa_kid: string;
  hashed_fxa_uid: string;
  hashed_device_id: string;
  tokenserver_origin?: string;
}

const SIGNING_INFO = 'services.mozilla.com/tokenlib/v1/signing';
const DERIVE_INFO = 'services.mozilla.com/tokenlib/v1/derive/';
const MAC_BYTES = 32;

const hkdf32 = (ikm: Buffer, salt: Buffer, info: string) =>
  Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));

/** Derives the HMAC key of token ids once; callers keep it next to the master secret. */
export function signingKey(master: Buffer): Buffer {
  return hkdf32(master, Buffer.alloc(0), SIGNING_INFO);
}

/** The Hawk secret of a token: base64url with padding, always 44 characters. */
export function tokenSecret(master: Buffer, id: string, salt: string): string {
  return hkdf32(master, Buffer.from(salt, 'ascii'), DERIVE_INFO + id).toString('base64');
}

/** A new salt: 3 random bytes as hex. */
export const newSalt = (): string => randomBytes(3).toString('hex');

/** Signs a payload into a token id and derives its secret. */
export function makeToken(
  payload: TokenPayload,
  master: Buffer,
  key = signingKey(master),
): { id: string; key: string } {
  const json = Buffer.from(JSON.stringify(payload), 'utf8');
  const mac = createHmac('sha256', key).update(json).digest();
  const id = toUrlSafe(Buffer.concat([json, mac]).toString('base64'));
  return { id, key: toUrlSafe(tokenSecret(master, id, payload.salt)) };
}

/**
 * The payload of a token id whose signature holds, or undefined. Expiry is
 * the caller's rule (info/collections accepts an expired token).
 */
export function parseToken(id: string, key: Buffer): TokenPayload | undefined {
  if (!/^[A-Za-z0-9_-]+={0,2}$/.test(id)) return undefined;
  const raw = Buffer.from(id, 'base64url');
  if (raw.length <= MAC_BYTES) return undefined;
  const json = raw.subarray(0, raw.length - MAC_BYTES);
  const mac = raw.subarray(raw.length - MAC_BYTES);
  const expected = createHmac('sha256', key).update(json).digest();
  if (!timingSafeEqual(mac, expected)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json.toString('utf8'));
  } catch {
    return undefined;
  }
  return isPayload(parsed) ? withDefaults(parsed) : undefined;
}

// Only uid, node, expires and salt are required; the rest default to empty,
// as syncstorage-rs reads them (sync.md §1.6).
function isPayload(
  v: unknown,
): v is Partial<TokenPayload> & Pick<TokenPayload, 'uid' | 'node' | 'expires' | 'salt'> {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return (
    Number.isSafeInteger(p.uid) &&
    (p.uid as number) >= 0 &&
    typeof p.node === 'string' &&
    typeof p.expires === 'number' &&
    typeof p.salt === 'string'
  );
}

function withDefaults(
  p: Partial<TokenPayload> & Pick<TokenPayload, 'uid' | 'node' | 'expires' | 'salt'>,
): TokenPayload {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    uid: p.uid,
    node: p.node,
    expires: p.expires,
    salt: p.salt,
    fxa_uid: text(p.fxa_uid),
    fxa_kid: text(p.fxa_kid),
    hashed_fxa_uid: text(p.hashed_fxa_uid),
    hashed_device_id: text(p.hashed_device_id),
    ...(typeof p.tokenserver_origin === 'string'
      ? { tokenserver_origin: p.tokenserver_origin }
      : {}),
  };
}

const toUrlSafe = (b64: string) => b64.replaceAll('+', '-').replaceAll('/', '_');
