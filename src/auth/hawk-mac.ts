// HMAC-SHA256 for Hawk MACs, keyed once per token.
//
// createHmac looks the algorithm up in OpenSSL 3 on every call
// (EVP_MAC_fetch, EVP_MD_fetch). In a tight loop that lookup is cheap; in
// the server, between one request's JSON, HTTP and SQLite work and the next,
// its hash tables and locks are cold and the lookup cost about 6 µs of a
// 150 µs signed read (perf, `npm run bench:per-request -- --perf`). The
// one-shot crypto.hash keeps its digest handle, so the MAC here is RFC 2104
// HMAC over it: SHA-256((K ^ opad) || SHA-256((K ^ ipad) || message)), with
// the two padded keys computed once per token. hawk-mac.test.ts checks it
// against createHmac.
import { hash } from 'node:crypto';

const BLOCK_BYTES = 64;
const IPAD = 0x36;
const OPAD = 0x5c;

/** A Hawk MAC key: the token's key, ready to MAC with. */
export interface MacKey {
  /** HMAC-SHA256 of the UTF-8 message under this key, base64 (as Hawk sends it). */
  mac(message: string): string;
}

export function macKey(key: Buffer): MacKey {
  // A key longer than a block is hashed first (RFC 2104 §2); shorter ones are zero-padded.
  const k = key.length > BLOCK_BYTES ? hash('sha256', key, 'buffer') : key;
  const inner = Buffer.alloc(BLOCK_BYTES, IPAD);
  const outer = Buffer.alloc(BLOCK_BYTES + 32, 0);
  outer.fill(OPAD, 0, BLOCK_BYTES);
  for (let i = 0; i < k.length; i++) {
    inner[i] = IPAD ^ k[i]!;
    outer[i] = OPAD ^ k[i]!;
  }
  return {
    mac(message: string): string {
      const length = Buffer.byteLength(message, 'utf8');
      const first = Buffer.allocUnsafe(BLOCK_BYTES + length);
      inner.copy(first, 0);
      first.write(message, BLOCK_BYTES, 'utf8');
      // Synchronous from here to the return, so the outer block can be reused.
      hash('sha256', first, 'buffer').copy(outer, BLOCK_BYTES);
      return hash('sha256', outer, 'base64');
    },
  };
}
