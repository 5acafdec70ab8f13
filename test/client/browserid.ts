// The BrowserID side of the client (spec §5): a key pair in browserid-crypto's shape,
// and the reading and checking of the certificate the server signs for it.
//
// BrowserID writes RSA numbers as decimal strings, JWK as unpadded base64url; the
// helpers here convert between the two so tests can compare them.
import type { JsonWebKey, KeyObject } from 'node:crypto';
import { createPublicKey, generateKeyPair, verify } from 'node:crypto';
import { promisify } from 'node:util';
import type { JsonObject } from './api.js';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface BrowserIdPublicKey {
  algorithm: 'RS';
  /** Modulus, decimal. */
  n: string;
  /** Public exponent, decimal. */
  e: string;
}

export interface DecodedJws {
  header: JsonObject;
  payload: JsonObject;
  signingInput: Buffer;
  signature: Buffer;
}

/** A fresh RSA key pair, with the public half as certificate/sign expects it. */
export async function generateBrowserIdKey(): Promise<{
  publicKey: BrowserIdPublicKey;
  privateKey: KeyObject;
}> {
  const { publicKey, privateKey } = await generateKeyPairAsync('rsa', { modulusLength: 2048 });
  const jwk = publicKey.export({ format: 'jwk' });
  return {
    publicKey: {
      algorithm: 'RS',
      n: base64urlToDecimal(jwk.n ?? ''),
      e: base64urlToDecimal(jwk.e ?? ''),
    },
    privateKey,
  };
}

export function base64urlToDecimal(b64url: string): string {
  const hex = Buffer.from(b64url, 'base64url').toString('hex');
  return BigInt(`0x${hex || '0'}`).toString(10);
}

/** Splits a compact JWS without checking it; `verifyRs256` does the checking. */
export function decodeJws(jws: string): DecodedJws {
  const parts = jws.split('.');
  if (parts.length !== 3) throw new Error(`a compact JWS has 3 parts, got ${parts.length}`);
  const [header = '', payload = '', signature = ''] = parts;
  return {
    header: parseSegment(header),
    payload: parseSegment(payload),
    signingInput: Buffer.from(`${header}.${payload}`, 'ascii'),
    signature: Buffer.from(signature, 'base64url'),
  };
}

// jws: RS256 = RSASSA-PKCS1-v1_5 with SHA-256 over "header.payload" (spec §5.2)
export function verifyRs256(jws: string, jwk: JsonObject): boolean {
  const { signingInput, signature } = decodeJws(jws);
  // Only the members node needs; the browserid document adds non-standard ones.
  const key = createPublicKey({
    key: { kty: 'RSA', n: jwk.n, e: jwk.e } as JsonWebKey,
    format: 'jwk',
  });
  return verify('sha256', signingInput, key, signature);
}

function parseSegment(segment: string): JsonObject {
  const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('a JWS segment is not a JSON object');
  }
  return value as JsonObject;
}

/** A DSA public key as browserid-crypto writes it: y, p, q and g in hex. */
export interface BrowserIdDsaPublicKey {
  algorithm: 'DS';
  y: string;
  p: string;
  q: string;
  g: string;
}

/**
 * A fresh DSA key (p of `bits`, q of `qBits`) in browserid-crypto's shape.
 * Node exports DSA keys only as SPKI DER; its integers come in the order
 * p, q, g (the parameters), then y (inside the BIT STRING).
 */
export async function generateBrowserIdDsaKey(
  bits = 1024,
  qBits = 160,
): Promise<BrowserIdDsaPublicKey> {
  const { publicKey } = await generateKeyPairAsync('dsa', {
    modulusLength: bits,
    divisorLength: qBits,
  });
  const [p, q, g, y] = derIntegers(publicKey.export({ type: 'spki', format: 'der' }));
  if (!p || !q || !g || !y) throw new Error('the DSA key did not hold four integers');
  return { algorithm: 'DS', y, p, q, g };
}

/** The INTEGERs of a DER structure, depth first, as hex without leading zeros. */
function derIntegers(der: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < der.length) {
    const tag = der[at] ?? 0;
    let length = der[at + 1] ?? 0;
    let start = at + 2;
    if (length & 0x80) {
      const octets = length & 0x7f;
      length = der.readUIntBE(start, octets);
      start += octets;
    }
    const body = der.subarray(start, start + length);
    if (tag === 0x02) out.push(BigInt(`0x${body.toString('hex') || '0'}`).toString(16));
    if (tag === 0x30) out.push(...derIntegers(body));
    // A BIT STRING starts with its count of unused bits.
    if (tag === 0x03) out.push(...derIntegers(body.subarray(1)));
    at = start + length;
  }
  return out;
}
