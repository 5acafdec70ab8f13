// Composition root: the only place that builds concrete objects. It reads
// config, opens the store (migrating it), loads the signing key, starts the
// HTTP server, and shuts everything down on SIGTERM/SIGINT.
import { pathToFileURL } from 'node:url';
import type { Server } from '@hapi/hapi';
import { loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { openDatabase, PatchLevelError } from './db/index.js';
import type { Store } from './db/store.js';
import type { SyncStore } from './sync/storage/store.js';
import { createSigner } from './signer/signer.js';
import { loadOAuthKeys } from './oauth/keys.js';
import { BoundedScrypt } from './crypto/scrypt.js';
import { createServer } from './server.js';
import { startTokenPruner } from './db/prune.js';
import { createMailer, describeSmtpUrl } from './mailer/index.js';
import type { Mailer } from './mailer/mailer.js';
import { createCustoms, disabledCustoms } from './customs/index.js';
import { openPush } from './push/open.js';
import type { Push } from './push/push.js';
import { createNonceStore, guardedNonces } from './customs/nonces.js';
import { error } from './errors.js';
import { SqlSyncStore } from './sync/storage/sql/store.js';
import { startSyncPurge } from './sync/storage/purge.js';
import type { SyncStorageEraser } from './sync/lifecycle.js';
import { openSync } from './sync/open.js';
import { createMetrics, type Metrics } from './metrics/index.js';
import { checkWritable } from './data-dir.js';
import { startAdminSocket } from './admin/socket.js';

export interface App {
  server: Server;
  store: Store;
  syncStore: SyncStore;
  config: Config;
  log: Logger;
  mailer: Mailer;
  push: Push;
  /** The address actually listened on, e.g. http://127.0.0.1:9000. */
  origin: string;
  /** Where the development mail sink serves received mail, when it runs. */
  mailSinkUrl?: string;
  /** The metrics listener's address (its /metrics), when metrics are on. */
  metricsUrl?: string;
  stop(): Promise<void>;
}

/** The database URL without its password, fit for a log line. */
function describeDatabase(url: string): string {
  if (url.startsWith('sqlite:')) return url;
  const parsed = new URL(url);
  parsed.password = '';
  return parsed.toString();
}

/**
 * The mailer, delivering to the development sink when it is on. The sink is
 * imported only then, so a production process never loads it.
 */
async function openMailer(config: Config, log: Logger, metrics: Metrics) {
  let sink: { smtpUrl: string; httpUrl: string; close(): Promise<void> } | undefined;
  if (config.mail.sink.enabled) {
    const { startMailSink } = await import('./mail-sink/index.js');
    sink = await startMailSink({ ...config.mail.sink, log });
    log.info({ mailbox: `${sink.httpUrl}/mail/<email>` }, 'development mail sink is on');
  } else {
    log.info({ smtp: describeSmtpUrl(config.mail.smtpUrl) }, 'mail goes out by SMTP');
  }
  const mailer = createMailer({
    smtpUrl: sink?.smtpUrl ?? config.mail.smtpUrl,
    sender: config.mail.sender,
    contentServerUrl: config.contentServer.url,
    syncUrl: config.mail.syncUrl,
    supportUrl: config.mail.supportUrl,
    notices: config.mail.notices,
    log,
    metrics,
    // A self-hoster trying things out can click the link from the console.
    ...(config.env === 'development'
      ? { onVerifyLink: (email: string, link: string) => console.log(`Verify ${email}: ${link}`) }
      : {}),
  });
  return { mailer, sink };
}

async function openStores(config: Config, log: Logger, metrics: Metrics) {
  try {
    const { url, autoMigrate, queryTimeoutMs, connectTimeoutMs } = config.database;
    return await openDatabase(url, {
      migrate: autoMigrate,
      limits: config.limits,
      timeouts: { queryMs: queryTimeoutMs, connectMs: connectTimeoutMs },
      observer: metrics,
    });
  } catch (err) {
    if (err instanceof PatchLevelError) {
      const e = error.dbPatchLevel(err.level, err.levelRequired);
      log.fatal(
        { errno: e.errno, level: err.level, levelRequired: err.levelRequired },
        err.message,
      );
    }
    throw err;
  }
}

export async function startApp(
  config: Config,
  opts: {
    logDestination?: NodeJS.WritableStream;
    clock?: () => number;
    /** Where Sync storage is deleted: the built-in storage, unless a test watches the calls. */
    syncStorageEraser?: SyncStorageEraser;
  } = {},
): Promise<App> {
  const log = createLogger(config.log.level, opts.logDestination);
  const clock = opts.clock ?? Date.now;
  // Whatever is opened is closed in reverse order: at stop, or at once when
  // a later step of start-up fails. Queued mail goes out before the sink
  // and the store close.
  const closers: Array<() => Promise<unknown>> = [];
  const closeAll = async () => {
    for (const close of closers.splice(0).reverse()) await close();
  };
  try {
    await checkWritable(config);
    const room = createMetrics(config.metrics);
    const { metrics } = room;
    const { store, driver } = await openStores(config, log, metrics);
    closers.push(() => store.close());
    // Sync storage shares the store's connections and migration level.
    const syncStore = new SqlSyncStore(driver, clock, config.syncStorage.maxPageBytes);
    const sync = await openSync(config, driver, opts.syncStorageEraser ?? syncStore, log, clock);
    const { mailer, sink } = await openMailer(config, log, metrics);
    if (sink) closers.push(() => sink.close());
    closers.push(() => mailer.close());
    const signer = await createSigner({
      keyFile: config.signer.keyFile,
      oldPublicKeyFile: config.signer.oldPublicKeyFile,
      domain: config.domain,
    });
    const oauthKeys = await loadOAuthKeys(config.oauth);
    const customs = config.customs.enabled
      ? createCustoms({
          rules: config.customs.rules,
          redisUrl: config.customs.redisUrl,
          keyPrefix: config.customs.keyPrefix,
          failOpen: config.customs.failOpen,
          clock,
          log,
          metrics,
        })
      : disabledCustoms;
    closers.push(() => customs.close());
    // Closed before the store: a push answered at shutdown may still mark
    // its device's endpoint expired.
    const push = await openPush(config, store.devices, log);
    closers.push(() => push.close());
    const nonces = guardedNonces(
      createNonceStore({
        redisUrl: config.customs.redisUrl,
        keyPrefix: config.customs.keyPrefix,
        maxEntries: config.hawk.nonceCacheSize,
        perTokenMax: config.hawk.noncesPerToken,
        clock,
        log,
      }),
      { failOpen: config.customs.failOpen, log, clock },
    );
    closers.push(() => nonces.close());
    const scrypt = new BoundedScrypt(config.scrypt.maxPending, () => metrics.scryptShed());
    metrics.watch({
      scrypt: () => ({ inFlight: scrypt.inFlight, maxPending: scrypt.maxPending }),
      databasePool: () => driver.poolStats?.(),
      readCaches: () => {
        const caches = store.readCaches?.();
        return caches && Object.entries(caches).map(([cache, c]) => ({ cache, ...c }));
      },
    });
    const deps = {
      ...{ config, store, log, scrypt, signer, mailer, customs, nonces, oauthKeys, push, clock },
      ...{ syncStore, ...sync, metrics },
    };
    const server = await createServer(deps);
    await server.start();
    closers.push(() => server.stop({ timeout: 10_000 }));
    const metricsListener = await room.listen(log);
    if (metricsListener) closers.push(() => metricsListener.close());
    const adminSocket = config.admin.socket
      ? await startAdminSocket(config.admin.socket, { customs, log })
      : undefined;
    if (adminSocket) closers.push(() => adminSocket.close());
    const pruner = startTokenPruner({
      store,
      lifetimes: config.tokenLifetimes,
      refreshTokenUnusedMs: config.limits.refreshTokenUnusedMs,
      intervalMs: config.tokenPrune.intervalMs,
      clock,
      log,
    });
    closers.push(() => Promise.resolve(pruner.stop()));
    const syncPurge = startSyncPurge({
      store: syncStore,
      intervalMs: config.syncStorage.purgeIntervalMs,
      clock,
      log,
    });
    closers.push(() => Promise.resolve(syncPurge.stop()));
    log.info(
      {
        listen: server.info.uri,
        publicUrl: config.publicUrl,
        database: describeDatabase(config.database.url),
      },
      'server started',
    );
    return {
      server,
      store,
      syncStore,
      config,
      log,
      mailer,
      push,
      origin: server.info.uri,
      ...(sink ? { mailSinkUrl: sink.httpUrl } : {}),
      ...(metricsListener ? { metricsUrl: `${metricsListener.origin}/metrics` } : {}),
      stop: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

async function main(): Promise<void> {
  const app = await startApp(loadConfig());
  const shutdown = (signal: string) => {
    app.log.info({ signal }, 'shutting down');
    app.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
