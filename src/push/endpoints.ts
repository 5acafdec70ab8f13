// Which push endpoints the server will post to. A device names its own
// pushCallback, so without a rule any signed-in client could make the server
// send requests to hosts of its choosing, internal ones included (SSRF).
// FxA allows only Mozilla's push services, by a regular expression in its
// config; here the rule is a list of origins, checked against the parsed URL
// rather than its text, so `https://evil.example/.services.mozilla.com` or
// `https://updates.push.services.mozilla.com@evil.example/` cannot pass.
//
// An entry is `scheme://host[:port]`:
//   - `https://updates.push.services.mozilla.com` allows that host only;
//   - `https://*.services.mozilla.com` allows every subdomain (not the
//     domain itself);
//   - no port means the scheme's default port; a port allows only that one;
//   - `http://` is accepted for loopback hosts only (a push service on the
//     same machine, as tests run), since a callback URL path is a
//     capability that should not cross a network in clear text.
// The server does not follow redirects, so an allowed host cannot hand the
// request on to one that is not.

/** Where Firefox's push subscriptions live (Mozilla's autopush). */
export const DEFAULT_ALLOWED_ENDPOINTS: readonly string[] = ['https://*.services.mozilla.com'];

interface Entry {
  protocol: 'http:' | 'https:';
  /** Exact host, or the suffix (with its leading dot) a wildcard entry needs. */
  host: string;
  wildcard: boolean;
  port: number;
}

export interface AllowList {
  /** True when `endpoint` is an http(s) URL on an allowed origin, without user info. */
  allows(endpoint: string): boolean;
}

const ENTRY = /^(https?):\/\/(\*\.)?([^/:?#@*]+|\[[0-9a-fA-F:.]+\])(?::(\d{1,5}))?\/?$/;
const DEFAULT_PORT = { 'http:': 80, 'https:': 443 } as const;

/** Parses the configured entries; throws, naming the entry, on one it cannot use. */
export function parseAllowList(entries: readonly string[]): AllowList {
  const parsed = entries.map(parseEntry);
  return {
    allows(endpoint: string): boolean {
      const url = parseEndpoint(endpoint);
      return url !== undefined && parsed.some((entry) => matches(entry, url));
    },
  };
}

/**
 * The origin of an endpoint, for log lines. The path of a push endpoint is
 * the capability to push to that device, so it is never logged.
 */
export function originOf(endpoint: string): string {
  try {
    return new URL(endpoint).origin;
  } catch {
    return '(unparseable endpoint)';
  }
}

function parseEntry(entry: string): Entry {
  const m = ENTRY.exec(entry.trim());
  if (!m) throw new Error(`push endpoint allow-list: cannot read "${entry}"`);
  const protocol = `${m[1]!.toLowerCase()}:` as Entry['protocol'];
  // The URL parser normalises the host as it will normalise endpoints:
  // case, IDN to punycode, IPv4 shorthand.
  const host = new URL(`${protocol}//${m[3]!}`).hostname;
  const port = m[4] === undefined ? DEFAULT_PORT[protocol] : Number(m[4]);
  if (port < 1 || port > 65_535)
    throw new Error(`push endpoint allow-list: bad port in "${entry}"`);
  const wildcard = m[2] !== undefined;
  if (protocol === 'http:' && (wildcard || !isLoopback(host))) {
    throw new Error(`push endpoint allow-list: "${entry}" is http; only loopback hosts may be`);
  }
  return { protocol, host: wildcard ? `.${host}` : host, wildcard, port };
}

function parseEndpoint(endpoint: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  return url;
}

function matches(entry: Entry, url: URL): boolean {
  if (url.protocol !== entry.protocol) return false;
  const port = url.port === '' ? DEFAULT_PORT[entry.protocol] : Number(url.port);
  if (port !== entry.port) return false;
  const host = url.hostname;
  return entry.wildcard
    ? host.endsWith(entry.host) && host.length > entry.host.length
    : host === entry.host;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
