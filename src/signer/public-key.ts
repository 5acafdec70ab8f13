// Which public keys a certificate may carry (api-v1.md §5). browserid-crypto,
// the library BrowserID relying parties verify with, writes an RS key's n and
// e in decimal and a DS key's y, p, q and g in hex, and knows only a few key
// sizes: RSA moduli of 64, 128 or 256 bytes (the 2015 server's own test key
// has a 511-bit modulus, 64 bytes), and DSA with a 1024-bit p and 160-bit q
// or a 2048-bit p and 256-bit q. A key outside that would be certified into
// an assertion nobody can check, so it is refused instead.

const DECIMAL = /^[1-9][0-9]*$/;
const HEX = /^[0-9a-fA-F]+$/;
const RSA_MODULUS_BYTES = new Set([64, 128, 256]);
const DSA_SIZES: ReadonlyArray<{ p: number; q: number }> = [
  { p: 1024, q: 160 },
  { p: 2048, q: 256 },
];

const bitLength = (x: bigint) => x.toString(2).length;

/**
 * The first field of `key` that is malformed or of an unsupported size, or
 * undefined when the key is fine. Every field the algorithm needs is
 * present (the caller answers a missing one with errno 108).
 */
export function badKeyField(key: Record<string, string>): string | undefined {
  return key.algorithm === 'RS' ? badRsaField(key) : badDsaField(key);
}

function badRsaField(key: Record<string, string>): string | undefined {
  for (const field of ['n', 'e']) if (!DECIMAL.test(key[field] ?? '')) return field;
  const n = BigInt(key.n!);
  const e = BigInt(key.e!);
  if (!RSA_MODULUS_BYTES.has(Math.ceil(bitLength(n) / 8))) return 'n';
  // A usable public exponent is odd and greater than 1; one at or past n
  // describes no RSA key.
  if (e < 3n || e % 2n === 0n || e >= n) return 'e';
  return undefined;
}

function badDsaField(key: Record<string, string>): string | undefined {
  for (const field of ['y', 'p', 'q', 'g']) if (!HEX.test(key[field] ?? '')) return field;
  const [y, p, q, g] = ['y', 'p', 'q', 'g'].map((f) => BigInt(`0x${key[f]!}`)) as [
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  const size = DSA_SIZES.find((s) => s.p === bitLength(p));
  if (!size) return 'p';
  if (bitLength(q) !== size.q) return 'q';
  // The group's generator and the public value both live in 1 < x < p.
  if (g <= 1n || g >= p) return 'g';
  if (y <= 1n || y >= p) return 'y';
  return undefined;
}
