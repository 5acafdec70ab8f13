// Scoped keys as Firefox handles them (firefox.md §3.4), written from the
// spec: the oldsync key derived from kB, and the keys_jwe that carries it
// from the web content to the browser, encrypted to an ephemeral P-256 key
// (ECDH-ES + A256GCM, compact, no apu/apv).
import { createHash } from 'node:crypto';
import {
  CompactEncrypt,
  compactDecrypt,
  exportJWK,
  generateKeyPair,
  type CryptoKey,
  type JWK,
} from 'jose';
import type { Api, JsonObject, TokenRef } from './api.js';
import { hkdfSha256, kw } from './onepw.js';

export const OLDSYNC_SCOPE = 'https://identity.mozilla.com/apps/oldsync';

export interface ScopedKey {
  kty: 'oct';
  scope: string;
  k: string;
  kid: string;
}

export interface ScopedKeyData {
  identifier: string;
  keyRotationSecret: string;
  keyRotationTimestamp: number;
}

/** POST /v1/account/scoped-key-data: the per-scope inputs of key derivation. */
export async function scopedKeyData(
  api: Api,
  session: TokenRef,
  clientId: string,
  scope: string,
): Promise<Record<string, ScopedKeyData>> {
  const res = await api.call('POST', '/v1/account/scoped-key-data', {
    token: session,
    body: { client_id: clientId, scope },
  });
  return res as unknown as Record<string, ScopedKeyData>;
}

/**
 * The oldsync JWK: kSync = HKDF-SHA256(kB, "", "oldsync", 64) and
 * kid = <keyRotationTimestamp>-b64url(SHA-256(kB)[0:16]) (firefox.md §3.4).
 */
export async function deriveOldsyncKey(
  kB: Buffer,
  keyRotationTimestamp: number,
): Promise<ScopedKey> {
  const kSync = await hkdfSha256(kB, kw('oldsync'), 64);
  const kXCS = createHash('sha256').update(kB).digest().subarray(0, 16);
  return {
    kty: 'oct',
    scope: OLDSYNC_SCOPE,
    k: kSync.toString('base64url'),
    kid: `${keyRotationTimestamp}-${kXCS.toString('base64url')}`,
  };
}

/** The ephemeral key pair Firefox puts in the sign-in URL as keys_jwk. */
export async function ephemeralKeyPair(): Promise<{ publicJwk: JWK; privateKey: CryptoKey }> {
  const { publicKey, privateKey } = await generateKeyPair('ECDH-ES', { crv: 'P-256' });
  return { publicJwk: await exportJWK(publicKey), privateKey };
}

/** keys_jwe: the scoped keys, keyed by scope, encrypted to the browser's public key. */
export async function encryptKeysJwe(
  keys: Record<string, ScopedKey>,
  publicJwk: JWK,
): Promise<string> {
  const plaintext = new TextEncoder().encode(JSON.stringify(keys));
  return new CompactEncrypt(plaintext)
    .setProtectedHeader({ alg: 'ECDH-ES', enc: 'A256GCM' })
    .encrypt(publicJwk);
}

export async function decryptKeysJwe(jwe: string, privateKey: CryptoKey): Promise<JsonObject> {
  const { plaintext, protectedHeader } = await compactDecrypt(jwe, privateKey);
  if (protectedHeader.alg !== 'ECDH-ES' || protectedHeader.enc !== 'A256GCM') {
    throw new Error(`unexpected keys_jwe header ${JSON.stringify(protectedHeader)}`);
  }
  return JSON.parse(new TextDecoder().decode(plaintext)) as JsonObject;
}
