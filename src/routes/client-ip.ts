// The address customs counts against. X-Forwarded-For is believed only when
// the socket peer is a proxy the operator listed: anyone else could write
// any address there and walk out of every per-IP limit.
import { BlockList, isIP } from 'node:net';

/** Builds the matcher for `customs.trustedProxies` (addresses or CIDR ranges). */
export function trustedProxies(entries: string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (isIP(address) === 0) throw new Error(`customs.trustedProxies: ${entry} is not an address`);
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/**
 * The address customs counts against. An IPv6 client usually holds a whole
 * /64 and can pick a fresh address from it for every request, so IPv6
 * addresses count per /64; IPv4 addresses count one by one.
 */
export function customsAddress(ip: string): string {
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  const prefix = groups.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}

/** IPv4 peers show up as ::ffff:a.b.c.d on a dual-stack socket. */
function normalize(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = isIP(address);
  return family !== 0 && list.check(address, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Walks X-Forwarded-For from the nearest hop outwards, past trusted proxies,
 * and returns the first address no trusted proxy vouches for beyond.
 */
export function clientIp(
  remoteAddress: string,
  forwardedFor: string | undefined,
  trusted: BlockList,
): string {
  let current = normalize(remoteAddress);
  if (!forwardedFor) return current;
  const hops = forwardedFor.split(',').map((h) => normalize(h.trim()));
  while (isTrusted(trusted, current)) {
    const next = hops.pop();
    if (next === undefined || isIP(next) === 0) break;
    current = next;
  }
  return current;
}
