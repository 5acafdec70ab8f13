// Scoped keys as Firefox handles them (firefox.md §3.4). The web content's
// side is src/client's (the oldsync key from kB, keys_jwe encrypted with
// WebCrypto); Firefox's side, the ephemeral key pair and the decryption,
// is jose's, so a story checks one implementation against the other.
import { compactDecrypt, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import {
  OLDSYNC_SCOPE,
  deriveOldsyncKey as deriveFromBytes,
  encryptKeysJwe as encryptTo,
  type ScopedKey,
  type ScopedKeyData,
} from '../../src/client/index.js';
import type { Api, JsonObject, TokenRef } from './api.js';

export { OLDSYNC_SCOPE, type ScopedKey, type ScopedKeyData };

/** POST /v1/account/scoped-key-data: the per-scope inputs of key derivation. */
export function scopedKeyData(
  api: Api,
  session: TokenRef,
  clientId: string,
  scope: string,
): Promise<Record<string, ScopedKeyData>> {
  return api.verbs().scopedKeyData(session.seedHex, clientId, scope);
}

/** The oldsync JWK of kB (src/client). */
export function deriveOldsyncKey(kB: Buffer, keyRotationTimestamp: number): Promise<ScopedKey> {
  return deriveFromBytes(kB, keyRotationTimestamp);
}

/** The ephemeral key pair Firefox puts in the sign-in URL as keys_jwk. */
export async function ephemeralKeyPair(): Promise<{ publicJwk: JWK; privateKey: CryptoKey }> {
  const { publicKey, privateKey } = await generateKeyPair('ECDH-ES', { crv: 'P-256' });
  return { publicJwk: await exportJWK(publicKey), privateKey };
}

/** keys_jwe as the pages make it: the scoped keys, encrypted to the browser's public key. */
export function encryptKeysJwe(keys: Record<string, ScopedKey>, publicJwk: JWK): Promise<string> {
  return encryptTo(keys, publicJwk);
}

/** What Firefox does with keys_jwe, done by jose. */
export async function decryptKeysJwe(jwe: string, privateKey: CryptoKey): Promise<JsonObject> {
  const { plaintext, protectedHeader } = await compactDecrypt(jwe, privateKey);
  if (protectedHeader.alg !== 'ECDH-ES' || protectedHeader.enc !== 'A256GCM') {
    throw new Error(`unexpected keys_jwe header ${JSON.stringify(protectedHeader)}`);
  }
  return JSON.parse(new TextDecoder().decode(plaintext)) as JsonObject;
}
