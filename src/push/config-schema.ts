// Settings of the push room (Web Push to devices), plugged into the server's
// schema under `push`.
import { DEFAULT_ALLOWED_ENDPOINTS } from './endpoints.js';

export const pushSchema = {
  enabled: {
    doc: 'Send Web Push to devices (sent tabs, sync nudges, account events). Off, devices still learn of everything when they next poll.',
    format: Boolean,
    default: true,
    env: 'PUSH_ENABLED',
  },
  allowedEndpoints: {
    doc: "Comma-separated push services a device may register as its pushCallback, as origins: `https://host[:port]`, `https://*.domain` for any subdomain, or `http://` for a loopback host only. Anything else is refused with errno 107, so the server never posts to hosts of a client's choosing.",
    format: 'string-list',
    default: [...DEFAULT_ALLOWED_ENDPOINTS],
    env: 'PUSH_ALLOWED_ENDPOINTS',
  },
  vapidPrivateKey: {
    doc: 'The VAPID signing key (a P-256 private key, 32 bytes base64url). Empty means one generated on first start into `<dataDir>/vapid.json`.',
    format: String,
    default: '',
    env: 'PUSH_VAPID_PRIVATE_KEY',
    sensitive: true,
  },
  vapidSubject: {
    doc: 'The VAPID contact (`mailto:` or `https:`) push services see. Empty means publicUrl when it is https, else a mailto: of the mail sender address.',
    format: String,
    default: '',
    env: 'PUSH_VAPID_SUBJECT',
  },
  concurrency: {
    doc: 'How many pushes may be in flight at once; more wait in a queue.',
    format: 'nat',
    default: 8,
    env: 'PUSH_CONCURRENCY',
  },
  maxQueued: {
    doc: 'How many pushes may wait; beyond it new ones are dropped (logged and counted).',
    format: 'nat',
    default: 10_000,
    env: 'PUSH_MAX_QUEUED',
  },
  timeoutMs: {
    doc: 'How long one push may take, from connecting to the answer, before it is abandoned.',
    format: 'nat',
    default: 10_000,
    env: 'PUSH_TIMEOUT_MS',
  },
};
