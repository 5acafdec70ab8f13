// The /account/keys bundle (api-v1.md §3.5): kA and wrapKb, XOR-encrypted
// under a key stream derived from the keyFetchToken's bundleKey and
// authenticated with HMAC-SHA256, so only the holder of the token's seed can
// read them and a tampered bundle is detected.
import { createHmac } from 'node:crypto';
import { hkdf } from '../crypto/hkdf.js';
import { constantTimeEqual, xor } from '../crypto/bytes.js';

function bundleKeys(bundleKey: Buffer): { hmacKey: Buffer; xorKey: Buffer } {
  const y = hkdf(bundleKey, 'account/keys', 32 + 64);
  return { hmacKey: y.subarray(0, 32), xorKey: y.subarray(32, 96) };
}

/** 96 bytes: ciphertext(kA || wrapKb) || HMAC(ciphertext). */
export function bundle(bundleKey: Buffer, kA: Buffer, wrapKb: Buffer): Buffer {
  const { hmacKey, xorKey } = bundleKeys(bundleKey);
  const ciphertext = xor(Buffer.concat([kA, wrapKb]), xorKey);
  const mac = createHmac('sha256', hmacKey).update(ciphertext).digest();
  return Buffer.concat([ciphertext, mac]);
}

/** The inverse, as a client runs it; undefined when the MAC does not match. */
export function unbundle(
  bundleKey: Buffer,
  data: Buffer,
): { kA: Buffer; wrapKb: Buffer } | undefined {
  if (data.length !== 96) return undefined;
  const { hmacKey, xorKey } = bundleKeys(bundleKey);
  const ciphertext = data.subarray(0, 64);
  const mac = createHmac('sha256', hmacKey).update(ciphertext).digest();
  if (!constantTimeEqual(mac, data.subarray(64))) return undefined;
  const plain = xor(ciphertext, xorKey);
  return { kA: plain.subarray(0, 32), wrapKb: plain.subarray(32) };
}
