// Reading what Firefox stored in SyncStorage, as another Sync client of the
// account would: kSync (the oldsync scoped key, from kB) opens crypto/keys,
// whose default key bundle opens every other record. Records are
// AES-256-CBC with a 16-byte IV, authenticated by HMAC-SHA256 over the
// base64 ciphertext (global storage version 5). The server holds only this
// ciphertext; a test that can read it back proves the keys the pages handed
// Firefox are the account's.
import { createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { Client } from '../client/client.js';
import { FIREFOX_CLIENT_ID, fxaCredentials } from '../client/oauth.js';
import { OLDSYNC_SCOPE, deriveOldsyncKey, scopedKeyData } from '../client/scoped-keys.js';
import { SyncClient } from '../client/sync.js';
import { getSyncToken } from '../client/tokenserver.js';

export interface KeyBundle {
  encKey: Buffer;
  hmacKey: Buffer;
}

interface EncryptedPayload {
  ciphertext: string;
  IV: string;
  hmac: string;
}

export interface StoredRecord {
  id: string;
  /** The payload exactly as the server stores it. */
  payload: string;
}

/** Opens one record's payload with `bundle`; throws when its HMAC does not match. */
export function decryptPayload(payload: string, bundle: KeyBundle): Record<string, unknown> {
  const { ciphertext, IV, hmac } = JSON.parse(payload) as EncryptedPayload;
  const expected = createHmac('sha256', bundle.hmacKey).update(ciphertext).digest();
  const given = Buffer.from(hmac, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new Error('record HMAC mismatch: not encrypted with this key bundle');
  }
  const decipher = createDecipheriv('aes-256-cbc', bundle.encKey, Buffer.from(IV, 'base64'));
  const clear = Buffer.concat([decipher.update(ciphertext, 'base64'), decipher.final()]);
  return JSON.parse(clear.toString('utf8')) as Record<string, unknown>;
}

/** A bundle of two 32-byte keys: kSync's halves, or crypto/keys' base64 pair. */
function bundleOf(enc: Buffer, hmac: Buffer): KeyBundle {
  if (enc.length !== 32 || hmac.length !== 32) throw new Error('a key bundle is 2 × 32 bytes');
  return { encKey: enc, hmacKey: hmac };
}

export interface AccountStorage {
  /** The bundle crypto/keys holds for every collection without its own. */
  defaultBundle: KeyBundle;
  records(collection: string): Promise<StoredRecord[]>;
}

/**
 * Signs in as another client of the account, gets its own Sync token from
 * the tokenserver, and opens crypto/keys with kSync.
 */
export async function openAccountStorage(
  origin: string,
  email: string,
  password: string,
): Promise<AccountStorage> {
  const reader = await Client.login(origin, email, password, { keys: true });
  const { kB } = await reader.keys();
  const data = await scopedKeyData(reader.api, reader.session(), FIREFOX_CLIENT_ID, OLDSYNC_SCOPE);
  const rotation = data[OLDSYNC_SCOPE]?.keyRotationTimestamp;
  if (rotation === undefined) throw new Error('no scoped key data for oldsync');
  const oldsync = await deriveOldsyncKey(kB, rotation);
  const access = await fxaCredentials(reader.api, reader.session(), { scope: OLDSYNC_SCOPE });
  if (access.status !== 200) throw new Error(`no oldsync token: ${access.status} ${access.text}`);
  const token = await getSyncToken(reader.api, {
    accessToken: String(access.body.access_token),
    keyId: oldsync.kid,
  });
  if (token.status !== 200) throw new Error(`no Sync token: ${token.status} ${token.text}`);
  const { id, key, uid } = token.body as { id: string; key: string; uid: number };
  const storage = new SyncClient(origin, uid, { id, key });

  const get = async (path: string) => {
    const res = await storage.request('GET', path);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.text}`);
    return res;
  };
  const kSync = Buffer.from(oldsync.k, 'base64url');
  const keysRecord = (await get('/storage/crypto/keys')).json<StoredRecord>();
  const keys = decryptPayload(
    keysRecord.payload,
    bundleOf(kSync.subarray(0, 32), kSync.subarray(32)),
  );
  const [enc, hmac] = keys.default as [string, string];
  return {
    defaultBundle: bundleOf(Buffer.from(enc, 'base64'), Buffer.from(hmac, 'base64')),
    records: async (collection) =>
      (await get(`/storage/${collection}?full=1`)).json<StoredRecord[]>(),
  };
}
