// onepw's HKDF (api-v1.md §3): RFC 5869 with SHA-256 and an empty salt, and
// an info string under the identity.mozilla.com/picl/v1/ namespace.
import { hkdfSync } from 'node:crypto';

const NAMESPACE = 'identity.mozilla.com/picl/v1/';

/** KW(name): the namespaced info string. */
export function kw(name: string): Buffer {
  return Buffer.from(NAMESPACE + name, 'utf8');
}

export function hkdf(ikm: Buffer, name: string, length: number): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), kw(name), length));
}
