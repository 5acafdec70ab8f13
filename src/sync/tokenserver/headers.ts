// The request headers of GET /1.0/sync/1.5 (sync.md §1.1-§1.2), parsed with
// syncstorage-rs's rules and refusals:
//
//   Authorization: Bearer <oldsync access token>   (scheme in any case)
//   X-KeyID: <keys_changed_at ms>-<b64url-nopad(client state bytes)>
//   X-Client-State: <hex client state>             (optional; must agree)
//
// The X-KeyID is the `kid` of the oldsync scoped key, which Firefox has from
// the account (keyRotationTimestamp and the first 16 bytes of SHA-256(kB)).
// The order of the checks is part of the contract: the client state is
// checked before the timestamp part is parsed.
import { tokenserverError } from './errors.js';

export interface KeyId {
  /** null when the header carried 0, which counts as not reported. */
  keysChangedAt: number | null;
  /** Hex of the client state bytes. */
  clientState: string;
}

// What an HTTP header value may hold to be read as text at all: visible
// ASCII, space and tab (the rule of Rust's HeaderValue::to_str).
const VISIBLE = /^[\x20-\x7e\t]*$/;
const CLIENT_STATE = /^[a-zA-Z0-9._-]{1,32}$/;
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const DECIMAL = /^\+?\d{1,16}$/;
// The users table keeps client states of up to 32 hex characters.
const MAX_CLIENT_STATE_BYTES = 16;

/** §1.2 rows 1-2: the bearer token of the Authorization header. */
export function bearerToken(header: string | undefined): string {
  if (header === undefined || !VISIBLE.test(header)) throw tokenserverError('noAuthorization');
  const space = header.indexOf(' ');
  if (space < 0) throw tokenserverError('noAuthorization');
  if (header.slice(0, space).toLowerCase() !== 'bearer') {
    throw tokenserverError('unsupportedScheme');
  }
  return header.slice(space + 1);
}

/** §1.2 rows 4-7: keys_changed_at and client state from X-KeyID, checked against X-Client-State. */
export function keyId(header: string | undefined, xClientState: string | undefined): KeyId {
  if (header === undefined) throw tokenserverError('missingKeyId');
  if (!VISIBLE.test(header)) throw tokenserverError('invalidKeyId');
  const dash = header.indexOf('-');
  if (dash < 0) throw tokenserverError('invalidCredentials');
  const clientState = decodeClientState(header.slice(dash + 1));
  checkXClientState(xClientState, clientState);
  const timestamp = header.slice(0, dash);
  const keysChangedAt = DECIMAL.test(timestamp) ? Number(timestamp) : Number.NaN;
  if (!Number.isSafeInteger(keysChangedAt)) throw tokenserverError('invalidCredentials');
  return { keysChangedAt: keysChangedAt === 0 ? null : keysChangedAt, clientState };
}

// URL-safe base64 without padding, strictly: a string that does not
// re-encode to itself (stray bits, impossible length) is refused.
function decodeClientState(encoded: string): string {
  if (!BASE64URL.test(encoded)) throw tokenserverError('invalidCredentials');
  const bytes = Buffer.from(encoded, 'base64url');
  if (bytes.toString('base64url') !== encoded || bytes.length > MAX_CLIENT_STATE_BYTES) {
    throw tokenserverError('invalidCredentials');
  }
  return bytes.toString('hex');
}

// A value that is not text is treated as absent, as syncstorage-rs does.
function checkXClientState(header: string | undefined, clientState: string): void {
  if (header === undefined || !VISIBLE.test(header)) return;
  if (!CLIENT_STATE.test(header)) throw tokenserverError('invalidClientStateHeader');
  if (header !== clientState) throw tokenserverError('clientStateMismatch');
}
