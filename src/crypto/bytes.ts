// Byte helpers shared by the protocol code. Secrets are compared with
// timingSafeEqual so a mismatch takes the same time wherever it occurs.
import { randomBytes, timingSafeEqual } from 'node:crypto';

export function xor(a: Buffer, b: Buffer): Buffer {
  if (a.length !== b.length) throw new RangeError('xor needs equal lengths');
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** Constant-time equality; unequal lengths are simply unequal. */
export function constantTimeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

export function random(n: number): Buffer {
  return randomBytes(n);
}
