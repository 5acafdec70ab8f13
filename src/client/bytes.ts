// Byte helpers for the client. The client runs in browsers as well as in
// Node, so it works in Uint8Array and never in Node's Buffer; on the wire
// binary values are lower-case hex (the FxA API) or unpadded base64url
// (JWK and JWE members), and Hawk MACs are standard padded base64.

export type Bytes = Uint8Array;

const HEX_DIGITS = '0123456789abcdef';
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

export function bytesToHex(bytes: Bytes): string {
  let out = '';
  for (const byte of bytes) out += HEX_DIGITS[byte >> 4]! + HEX_DIGITS[byte & 15]!;
  return out;
}

/** Throws on anything but an even number of hex digits, so a typo never becomes bytes. */
export function hexToBytes(hex: string): Bytes {
  if (!HEX.test(hex)) throw new TypeError('not a hex string of whole bytes');
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** RFC 4648 §4 base64 with padding, as Hawk writes its MAC and hash. */
export function bytesToBase64(bytes: Bytes): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    const left = bytes.length - i;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += left > 1 ? B64[(n >> 6) & 63]! : '=';
    out += left > 2 ? B64[n & 63]! : '=';
  }
  return out;
}

/** RFC 4648 §5 base64url without padding, as JOSE writes it. */
export function bytesToB64url(bytes: Bytes): string {
  return bytesToBase64(bytes).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Reads base64url (padding optional); throws on any other character. */
export function b64urlToBytes(text: string): Bytes {
  const trimmed = text.replace(/=+$/, '');
  if (!/^[A-Za-z0-9_-]*$/.test(trimmed)) throw new TypeError('not base64url: bad character');
  if (trimmed.length % 4 === 1) throw new TypeError('not base64url: impossible length');
  const b64 = trimmed.replace(/-/g, '+').replace(/_/g, '/');
  const out = new Uint8Array(Math.floor((b64.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const c of b64) {
    const digit = B64_INDEX.get(c);
    if (digit === undefined) throw new TypeError('not base64url: bad character');
    value = (value << 6) | digit;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function utf8(text: string): Bytes {
  return encoder.encode(text);
}

export function fromUtf8(bytes: Bytes): string {
  return decoder.decode(bytes);
}

export function concat(...parts: Bytes[]): Bytes {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export function xor(a: Bytes, b: Bytes): Bytes {
  if (a.length !== b.length) throw new RangeError('xor needs equal lengths');
  return a.map((byte, i) => byte ^ b[i]!);
}

/**
 * Equality that looks at every byte whatever it finds, so the time taken
 * says nothing about where two MACs differ. Unequal lengths are unequal.
 */
export function constantTimeEqual(a: Bytes, b: Bytes): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** A 32-bit unsigned integer, big-endian, as the JOSE Concat KDF spells lengths. */
export function uint32be(n: number): Bytes {
  return new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
}
