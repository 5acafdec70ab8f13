// keys_jwe: the scoped keys, encrypted to the ephemeral P-256 key Firefox
// puts in its sign-in URL as keys_jwk (firefox.md §3.4). A compact JWE with
// "direct key agreement" (RFC 7518 §4.6, ECDH-ES, no wrapped key):
//
//   header  {"alg":"ECDH-ES","enc":"A256GCM","epk":<our ephemeral public JWK>}
//   Z       ECDH(our ephemeral private key, keys_jwk)
//   CEK     SHA-256(00000001 | Z | 00000007 "A256GCM" | 00000000 | 00000000 | 00000100)
//           (the Concat KDF of NIST SP 800-56A with empty apu/apv, one round)
//   body    AES-256-GCM(CEK, 12-byte IV, AAD = the ASCII of the b64url header)
//   JWE     b64url(header) . "" . b64url(iv) . b64url(ciphertext) . b64url(tag)
//
// Everything runs on WebCrypto, so the pages build keys_jwe in the browser.
import {
  b64urlToBytes,
  bytesToB64url,
  concat,
  fromUtf8,
  uint32be,
  utf8,
  type Bytes,
} from './bytes.js';
import { buf, randomBytes, sha256, subtle, type WebCryptoKey } from './crypto.js';

/** The members of a P-256 public key that matter; others (kid, use) are ignored. */
export interface EcPublicJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

const ENC = 'A256GCM';
const ECDH = { name: 'ECDH', namedCurve: 'P-256' } as const;

/** Reads keys_jwk as Firefox sends it (b64url of the JSON) or as an object. */
export function parseKeysJwk(keysJwk: string | object): EcPublicJwk {
  let value: unknown = keysJwk;
  if (typeof keysJwk === 'string') {
    try {
      value = JSON.parse(fromUtf8(b64urlToBytes(keysJwk)));
    } catch {
      throw new TypeError('keys_jwk is not base64url-encoded JSON');
    }
  }
  const jwk = value as Partial<EcPublicJwk> | null;
  if (
    jwk === null ||
    typeof jwk !== 'object' ||
    jwk.kty !== 'EC' ||
    jwk.crv !== 'P-256' ||
    typeof jwk.x !== 'string' ||
    typeof jwk.y !== 'string'
  ) {
    throw new TypeError('keys_jwk is not a P-256 public key');
  }
  return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
}

// jwe: Concat KDF, keydatalen 256 = one SHA-256 round (RFC 7518 §4.6.2)
async function contentKey(z: Bytes): Promise<WebCryptoKey> {
  const algorithmId = concat(uint32be(ENC.length), utf8(ENC));
  const otherInfo = concat(algorithmId, uint32be(0), uint32be(0), uint32be(256));
  const cek = await sha256(concat(uint32be(1), z, otherInfo));
  return subtle().importKey('raw', buf(cek), 'AES-GCM', false, ['encrypt', 'decrypt']);
}

async function agree(privateKey: WebCryptoKey, publicJwk: EcPublicJwk): Promise<Bytes> {
  const peer = await subtle().importKey('jwk', publicJwk, ECDH, false, []);
  return new Uint8Array(await subtle().deriveBits({ name: 'ECDH', public: peer }, privateKey, 256));
}

/** Encrypts any JSON value (the scoped keys, keyed by scope) to keys_jwk. */
export async function encryptKeysJwe(keys: unknown, keysJwk: string | object): Promise<string> {
  const recipient = parseKeysJwk(keysJwk);
  const ephemeral = await subtle().generateKey(ECDH, true, ['deriveBits']);
  const epk = parseKeysJwk(await subtle().exportKey('jwk', ephemeral.publicKey));
  const header = bytesToB64url(utf8(JSON.stringify({ alg: 'ECDH-ES', enc: ENC, epk })));
  const cek = await contentKey(await agree(ephemeral.privateKey, recipient));
  const iv = randomBytes(12);
  const sealed = new Uint8Array(
    await subtle().encrypt(
      { name: 'AES-GCM', iv: buf(iv), additionalData: buf(utf8(header)), tagLength: 128 },
      cek,
      buf(utf8(JSON.stringify(keys))),
    ),
  );
  const ciphertext = sealed.subarray(0, sealed.length - 16);
  const tag = sealed.subarray(sealed.length - 16);
  return [header, '', bytesToB64url(iv), bytesToB64url(ciphertext), bytesToB64url(tag)].join('.');
}

/** A fresh key pair in the shape Firefox makes one: the public half as keys_jwk. */
export async function generateKeysJwk(): Promise<{
  keysJwk: string;
  publicJwk: EcPublicJwk;
  privateKey: WebCryptoKey;
}> {
  const pair = await subtle().generateKey(ECDH, true, ['deriveBits']);
  const publicJwk = parseKeysJwk(await subtle().exportKey('jwk', pair.publicKey));
  return {
    keysJwk: bytesToB64url(utf8(JSON.stringify(publicJwk))),
    publicJwk,
    privateKey: pair.privateKey,
  };
}

/** Opens a keys_jwe made for `privateKey`; throws on any other kind of JWE or a bad tag. */
export async function decryptKeysJwe(jwe: string, privateKey: WebCryptoKey): Promise<unknown> {
  const parts = jwe.split('.');
  if (parts.length !== 5) throw new TypeError('a compact JWE has five parts');
  const [header = '', encryptedKey, iv = '', ciphertext = '', tag = ''] = parts;
  const parsed = JSON.parse(fromUtf8(b64urlToBytes(header))) as Record<string, unknown>;
  if (parsed.alg !== 'ECDH-ES' || parsed.enc !== ENC || encryptedKey !== '') {
    throw new TypeError('not an ECDH-ES + A256GCM JWE');
  }
  const cek = await contentKey(await agree(privateKey, parseKeysJwk(parsed.epk as object)));
  const plain = await subtle().decrypt(
    {
      name: 'AES-GCM',
      iv: buf(b64urlToBytes(iv)),
      additionalData: buf(utf8(header)),
      tagLength: 128,
    },
    cek,
    buf(concat(b64urlToBytes(ciphertext), b64urlToBytes(tag))),
  );
  return JSON.parse(fromUtf8(new Uint8Array(plain))) as unknown;
}
