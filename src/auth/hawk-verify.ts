// Verifies a Hawk request header (api-v1.md §4), in the order and with the
// errors of hawk's server.authenticate, which the FxA clients are written
// against: its header parser and normalized string are hawk's own; the MAC
// is hawk-mac.ts, keyed once per token, in place of a createHmac per request.
// Nonces and payload hashes are checked by the caller (hawk.ts).
import { timingSafeEqual } from 'node:crypto';
import { Boom, badRequest, unauthorized } from '@hapi/boom';
import Hawk from 'hawk';
import type { Artifacts } from 'hawk/lib/crypto.js';
import type { MacKey } from './hawk-mac.js';

/** A request as Hawk's MAC covers it; host and port are the server's public ones. */
export interface HawkRequest {
  method: string;
  url: string;
  host: string;
  port: number;
  authorization: string | undefined;
}

export interface HawkKeyed {
  key: MacKey;
}

export interface HawkVerified<C extends HawkKeyed> {
  credentials: C;
  artifacts: Artifacts;
}

/** Boom errors carry what hawk's do, so a caller can tell a live token's failure from others. */
const failed = (err: Boom, decorate: object): Boom => Object.assign(err, decorate);

const sameMac = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export async function verifyHawk<C extends HawkKeyed>(
  req: HawkRequest,
  lookup: (id: string) => Promise<C | null>,
  opts: { timestampSkewSec: number; nowMs: number },
): Promise<HawkVerified<C>> {
  // Malformed headers throw hawk's own 400s and 401s.
  const attributes = Hawk.utils.parseAuthorizationHeader(req.authorization ?? '') as Record<
    string,
    string | undefined
  >;
  const artifacts = {
    method: req.method,
    host: req.host,
    port: req.port,
    resource: req.url,
    ts: attributes.ts,
    nonce: attributes.nonce,
    hash: attributes.hash,
    ext: attributes.ext,
    app: attributes.app,
    dlg: attributes.dlg,
    mac: attributes.mac,
    id: attributes.id,
  } as Artifacts;
  const { id, ts, nonce, mac } = attributes;
  if (!id || !ts || !nonce || !mac) {
    throw failed(badRequest('Missing attributes'), { artifacts });
  }
  const credentials = await lookup(id);
  if (!credentials) throw failed(unauthorized('Unknown credentials', 'Hawk'), { artifacts });

  const normalized = Hawk.crypto.generateNormalizedString('header', artifacts);
  if (!sameMac(credentials.key.mac(normalized), mac)) {
    throw failed(unauthorized('Bad mac', 'Hawk'), { credentials, artifacts });
  }
  if (Math.abs(Number(ts) * 1000 - opts.nowMs) > opts.timestampSkewSec * 1000) {
    // The server's time, MACed so the client can trust it and re-sign (hawk's tsm).
    const serverTs = Math.floor(opts.nowMs / 1000);
    const tsm = credentials.key.mac(`hawk.${Hawk.crypto.headerVersion}.ts\n${serverTs}\n`);
    throw failed(unauthorized('Stale timestamp', 'Hawk', { ts: serverTs, tsm }), {
      credentials,
      artifacts,
    });
  }
  return { credentials, artifacts };
}
