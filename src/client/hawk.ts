// Hawk 1 request signing (api-v1.md §4), written from the Hawk spec so the
// client carries no Node-only library. A request is signed by HMAC-SHA256
// over the normalized string
//
//   hawk.1.header\n<ts>\n<nonce>\n<METHOD>\n<path?query>\n<host>\n<port>\n<hash>\n<ext>\n
//
// where host and port are those of the URL the client calls (the server
// checks them against its public URL), and hash, when present, is
// base64(SHA-256("hawk.1.payload\n<content-type>\n<body>\n")), binding the
// body and its media type to the signature. Neither the server nor this
// client uses Hawk's app/dlg extension.
import { bytesToB64url, bytesToBase64, utf8, type Bytes } from './bytes.js';
import { hmacSha256, randomBytes, sha256 } from './crypto.js';

export interface HawkCredentials {
  /** The token id, hex. */
  id: string;
  /** The raw MAC key. */
  key: Bytes;
}

export interface HawkRequest {
  method: string;
  /** The absolute URL, with the query string the server will see. */
  url: string;
  credentials: HawkCredentials;
  /** Unix seconds. */
  ts: number;
  /** Random per request; made up when absent. */
  nonce?: string;
  /** The payload hash (payloadHash), or absent to sign without one. */
  hash?: string;
  ext?: string;
}

// The characters a Hawk header attribute value may hold.
const ATTRIBUTE_VALUE = /^[ \w!#$%&'()*+,\-./:;<=>?@[\]^`{|}~]*$/;

/** Just the media type: what precedes any parameters, trimmed and lower-cased. */
function mediaType(contentType: string): string {
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

// hawk: hash = base64(SHA256("hawk.1.payload\n" + mimetype + "\n" + body + "\n"))
export async function payloadHash(body: string, contentType = 'application/json'): Promise<string> {
  const normalized = `hawk.1.payload\n${mediaType(contentType)}\n${body}\n`;
  return bytesToBase64(await sha256(utf8(normalized)));
}

function defaultPort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** ext may hold any text; a backslash or newline must not end its line early. */
function escapeExt(ext: string): string {
  return ext.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** The string the MAC covers, for a request whose nonce is fixed. */
export function normalizedString(
  req: Omit<HawkRequest, 'credentials'> & { nonce: string },
): string {
  const url = new URL(req.url);
  return [
    'hawk.1.header',
    String(req.ts),
    req.nonce,
    req.method.toUpperCase(),
    url.pathname + url.search,
    url.hostname.toLowerCase(),
    String(defaultPort(url)),
    req.hash ?? '',
    escapeExt(req.ext ?? ''),
    '',
  ].join('\n');
}

/** The value of the Authorization header for one request. */
export async function hawkHeader(req: HawkRequest): Promise<string> {
  const nonce = req.nonce ?? bytesToB64url(randomBytes(6));
  const normalized = normalizedString({ ...req, nonce });
  const mac = bytesToBase64(await hmacSha256(req.credentials.key, utf8(normalized)));
  const attrs = [`id="${req.credentials.id}"`, `ts="${req.ts}"`, `nonce="${nonce}"`];
  if (req.hash !== undefined) attrs.push(`hash="${req.hash}"`);
  if (req.ext) {
    // Hawk attribute values have no escapes, so quotes and backslashes cannot travel.
    if (!ATTRIBUTE_VALUE.test(req.ext)) throw new TypeError('Hawk ext holds a forbidden character');
    attrs.push(`ext="${req.ext}"`);
  }
  attrs.push(`mac="${mac}"`);
  return `Hawk ${attrs.join(', ')}`;
}
