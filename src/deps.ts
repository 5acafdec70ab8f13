// The one typed bag of collaborators that main.ts builds. Each module takes
// only the part it uses (Pick<Deps, ...>), so its needs are visible in its
// signature and tests can hand it fakes.
import type { Config } from './config.js';
import type { Store } from './db/store.js';
import type { Logger } from './log.js';
import type { BoundedScrypt } from './crypto/scrypt.js';
import type { Signer } from './signer/signer.js';
import type { Mailer } from './mailer/mailer.js';
import type { Customs } from './customs/customs.js';
import type { OAuthKeys } from './oauth/keys.js';
import type { SyncStore } from './sync/storage/store.js';
import type { SyncLifecycle } from './sync/lifecycle.js';
import type { Tokenserver } from './sync/tokenserver/routes.js';
import type { Push } from './push/push.js';
import type { HawkNonces } from './auth/hawk.js';
import type { Metrics } from './metrics/metrics.js';

export interface Deps {
  config: Config;
  store: Store;
  log: Logger;
  scrypt: BoundedScrypt;
  signer: Signer;
  mailer: Mailer;
  customs: Customs;
  /** Signs OAuth access tokens; published at /v1/jwks. */
  oauthKeys: OAuthKeys;
  /** Sync storage (BSOs, collections, batches); shares the store's database. */
  syncStore: SyncStore;
  /** The Sync master secret: signs and derives Sync tokens (src/sync/secret.ts). */
  syncSecret: Buffer;
  /** Web Push to devices; like the mailer, it never makes a request wait. */
  push: Push;
  /** Hawk nonces seen recently, for replay protection. */
  nonces: HawkNonces;
  /** Milliseconds since the epoch; injected so expiry can be tested. */
  clock: () => number;
  /** The built-in Sync tokenserver's users, secrets and storage eraser. */
  tokenserver: Tokenserver;
  /** What account deletion and password reset tell Sync. */
  syncLifecycle: SyncLifecycle;
  /** Counts what Prometheus scrapes; noMetrics when metrics are off. */
  metrics: Metrics;
}
