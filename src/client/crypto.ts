// The primitives the client needs, over WebCrypto (`globalThis.crypto`), so
// one implementation serves the pages in a browser and the tests in Node
// 20+. Browsers only offer crypto.subtle in a secure context (https, or
// http on localhost/127.0.0.1): a page served over plain http from another
// host gets CryptoUnavailableError rather than a confusing TypeError.
import type { Bytes } from './bytes.js';

type Subtle = typeof globalThis.crypto.subtle;
/** WebCrypto's CryptoKey, named without the DOM or Node type libraries. */
export type WebCryptoKey = Awaited<ReturnType<Subtle['deriveKey']>>;

/**
 * A view WebCrypto accepts. The DOM typings (the pages are type-checked with
 * them) take only ArrayBuffer-backed views, never a SharedArrayBuffer's;
 * every Bytes this client makes is ArrayBuffer-backed.
 */
export const buf = (b: Bytes) => b as Uint8Array<ArrayBuffer>;

export class CryptoUnavailableError extends Error {
  constructor() {
    super('WebCrypto is unavailable here; serve the page over https or from localhost');
    this.name = 'CryptoUnavailableError';
  }
}

export function subtle(): Subtle {
  const s = globalThis.crypto?.subtle;
  if (s === undefined) throw new CryptoUnavailableError();
  return s;
}

export function randomBytes(n: number): Bytes {
  const c = globalThis.crypto;
  if (c === undefined) throw new CryptoUnavailableError();
  return c.getRandomValues(new Uint8Array(n));
}

export async function sha256(data: Bytes): Promise<Bytes> {
  return new Uint8Array(await subtle().digest('SHA-256', buf(data)));
}

export async function hmacSha256(key: Bytes, data: Bytes): Promise<Bytes> {
  const k = await subtle().importKey('raw', buf(key), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  return new Uint8Array(await subtle().sign('HMAC', k, buf(data)));
}

/** RFC 5869 HKDF-SHA256; onepw uses an empty salt, the same as 32 zero bytes. */
export async function hkdfSha256(
  ikm: Bytes,
  info: Bytes,
  length: number,
  salt: Bytes = new Uint8Array(0),
): Promise<Bytes> {
  const k = await subtle().importKey('raw', buf(ikm), 'HKDF', false, ['deriveBits']);
  const bits = await subtle().deriveBits(
    { name: 'HKDF', hash: 'SHA-256', salt: buf(salt), info: buf(info) },
    k,
    length * 8,
  );
  return new Uint8Array(bits);
}

export async function pbkdf2Sha256(
  password: Bytes,
  salt: Bytes,
  iterations: number,
  length: number,
): Promise<Bytes> {
  const k = await subtle().importKey('raw', buf(password), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle().deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt: buf(salt), iterations },
    k,
    length * 8,
  );
  return new Uint8Array(bits);
}
