// The body of a successful token response (sync.md §1.4): a tokenlib token
// for one Sync uid on one node (tokenlib.ts, §1.5), the endpoint to use it
// against, and the anonymised uid Firefox reports in its telemetry.
//
//   hashed_fxa_uid   = first 32 hex of HMAC-SHA256(metrics secret, fxa uid)
//   hashed_device_id = first 32 hex of HMAC-SHA256(metrics secret, hashed_fxa_uid + "none")
//   fxa_kid          = <keys_changed_at, else generation, 13 digits>-<b64url(client state)>
//
// The metrics secret is derived from the master secret rather than set on
// its own: it only has to be stable and unguessable, and one secret fewer
// is one fewer to lose.
import { createHmac, hkdfSync } from 'node:crypto';
import { makeToken, newSalt, signingKey } from '../tokenlib.js';

export interface TokenSecrets {
  master: Buffer;
  /** HMAC key of token ids, derived once. */
  signing: Buffer;
  metrics: Buffer;
}

const METRICS_INFO = 'fxa-selfhost/sync/tokenserver/fxa_metrics_hash_secret';

export function tokenSecrets(master: Buffer): TokenSecrets {
  const metrics = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), METRICS_INFO, 32));
  return { master, signing: signingKey(master), metrics };
}

export interface TokenFor {
  uid: number;
  node: string;
  fxaUid: string; // hex
  generation: number;
  keysChangedAt: number | null;
  clientState: string; // hex
  /** Seconds. */
  duration: number;
  /** ms */
  now: number;
}

export interface TokenResponse {
  id: string;
  key: string;
  uid: number;
  api_endpoint: string;
  duration: number;
  hashed_fxa_uid: string;
  hashalg: 'sha256';
  node_type?: string;
}

const hmac32 = (key: Buffer, text: string) =>
  createHmac('sha256', key).update(text, 'utf8').digest('hex').slice(0, 32);

export function syncToken(secrets: TokenSecrets, t: TokenFor, nodeType?: string): TokenResponse {
  const hashedFxaUid = hmac32(secrets.metrics, t.fxaUid);
  const stamp = String(t.keysChangedAt ?? t.generation).padStart(13, '0');
  const { id, key } = makeToken(
    {
      uid: t.uid,
      node: t.node,
      expires: Math.floor(t.now / 1000) + t.duration,
      salt: newSalt(),
      fxa_uid: t.fxaUid,
      fxa_kid: `${stamp}-${Buffer.from(t.clientState, 'hex').toString('base64url')}`,
      hashed_fxa_uid: hashedFxaUid,
      hashed_device_id: hmac32(secrets.metrics, `${hashedFxaUid}none`),
      // syncstorage-rs reads this as one of its two tokenservers' names.
      tokenserver_origin: 'rust',
    },
    secrets.master,
    secrets.signing,
  );
  return {
    id,
    key,
    uid: t.uid,
    api_endpoint: `${t.node}/1.5/${t.uid}`,
    duration: t.duration,
    hashed_fxa_uid: hashedFxaUid,
    hashalg: 'sha256',
    ...(nodeType === undefined ? {} : { node_type: nodeType }),
  };
}
