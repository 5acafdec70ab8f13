// Getting a Sync token as Firefox does (firefox.md §4, sync.md §1): an
// oldsync access token from the fxa-credentials grant, the kid of the
// oldsync key derived from kB, then GET <tokenserver>/1.0/sync/1.5 with
// `Authorization: Bearer` and `X-KeyID`. Every header can be overridden or
// left out, so stories can probe each refusal.
import type { Api, ApiResponse } from './api.js';
import type { Client } from './client.js';
import { FIREFOX_CLIENT_ID, fxaCredentials } from './oauth.js';
import { OLDSYNC_SCOPE, deriveOldsyncKey, scopedKeyData } from './scoped-keys.js';

export const TOKEN_PATH = '/token/1.0/sync/1.5';
/** Firefox's OAUTH_TOKEN_FOR_SYNC_LIFETIME_SECONDS. */
const SYNC_ACCESS_TOKEN_TTL = 21600;

export interface SyncCredentials {
  accessToken: string;
  /** The oldsync key's kid: `<keyRotationTimestamp>-<b64url(SHA-256(kB)[0:16])>`. */
  keyId: string;
  keyRotationTimestamp: number;
  /** Hex of SHA-256(kB)[0:16]: the client state the kid carries. */
  clientState: string;
}

/** An access token for oldsync and the key id, for a client that can still fetch its keys. */
export async function syncCredentials(client: Client): Promise<SyncCredentials> {
  const { kB } = await client.keys();
  const data = await scopedKeyData(client.api, client.session(), FIREFOX_CLIENT_ID, OLDSYNC_SCOPE);
  const keyRotationTimestamp = data[OLDSYNC_SCOPE]?.keyRotationTimestamp;
  if (keyRotationTimestamp === undefined) throw new Error('no scoped key data for oldsync');
  const key = await deriveOldsyncKey(kB, keyRotationTimestamp);
  const token = await fxaCredentials(client.api, client.session(), {
    scope: OLDSYNC_SCOPE,
    ttl: SYNC_ACCESS_TOKEN_TTL,
  });
  if (token.status !== 200) throw new Error(`no oldsync token: ${token.status} ${token.text}`);
  const clientState = Buffer.from(key.kid.slice(key.kid.indexOf('-') + 1), 'base64url');
  return {
    accessToken: String(token.body.access_token),
    keyId: key.kid,
    keyRotationTimestamp,
    clientState: clientState.toString('hex'),
  };
}

/** An X-KeyID for any keys_changed_at and client state (hex), as a client could send it. */
export const keyIdOf = (keysChangedAt: number, clientStateHex: string): string =>
  `${keysChangedAt}-${Buffer.from(clientStateHex, 'hex').toString('base64url')}`;

export interface TokenRequest {
  accessToken?: string;
  keyId?: string;
  /** Replaces the whole Authorization header; null leaves it out. */
  authorization?: string | null;
  /** Sent as X-Client-State. */
  xClientState?: string;
  /** Replaces /token/1.0/sync/1.5. */
  path?: string;
  query?: Record<string, string>;
  method?: string;
}

/** GET the Sync token; never throws on status. */
export function getSyncToken(api: Api, r: TokenRequest): Promise<ApiResponse> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const authorization =
    r.authorization === undefined ? `Bearer ${r.accessToken ?? ''}` : r.authorization;
  if (authorization !== null) headers.authorization = authorization;
  if (r.keyId !== undefined) headers['x-keyid'] = r.keyId;
  if (r.xClientState !== undefined) headers['x-client-state'] = r.xClientState;
  return api.request(r.method ?? 'GET', r.path ?? TOKEN_PATH, {
    headers,
    ...(r.query ? { query: r.query } : {}),
  });
}
