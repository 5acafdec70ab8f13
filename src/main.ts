// Composition root: the only place that builds concrete objects. It reads
// config, opens the store (migrating it), loads the signing key, starts the
// HTTP server, and shuts everything down on SIGTERM/SIGINT.
import { pathToFileURL } from 'node:url';
import type { Server } from '@hapi/hapi';
import { loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './log.js';
import { openStore, PatchLevelError } from './db/index.js';
import type { Store } from './db/store.js';
import { createSigner } from './signer/signer.js';
import { loadOAuthKeys } from './oauth/keys.js';
import { BoundedScrypt } from './crypto/scrypt.js';
import { createServer } from './server.js';
import { startTokenPruner } from './db/prune.js';
import { createMailer, describeSmtpUrl } from './mailer/index.js';
import type { Mailer } from './mailer/mailer.js';
import { createCustoms, disabledCustoms } from './customs/index.js';
import { createNonceStore, guardedNonces } from './customs/nonces.js';
import { error } from './errors.js';

export interface App {
  server: Server;
  store: Store;
  config: Config;
  log: Logger;
  mailer: Mailer;
  /** The address actually listened on, e.g. http://127.0.0.1:9000. */
  origin: string;
  /** Where the development mail sink serves received mail, when it runs. */
  mailSinkUrl?: string;
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
async function openMailer(config: Config, log: Logger) {
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
    // A self-hoster trying things out can click the link from the console.
    ...(config.env === 'development'
      ? { onVerifyLink: (email: string, link: string) => console.log(`Verify ${email}: ${link}`) }
      : {}),
  });
  return { mailer, sink };
}

async function openDatabase(config: Config, log: Logger): Promise<Store> {
  try {
    return await openStore(config.database.url, { migrate: config.database.autoMigrate });
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
  opts: { logDestination?: NodeJS.WritableStream; clock?: () => number } = {},
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
    const store = await openDatabase(config, log);
    closers.push(() => store.close());
    const { mailer, sink } = await openMailer(config, log);
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
        })
      : disabledCustoms;
    closers.push(() => customs.close());
    const nonces = guardedNonces(
      createNonceStore({
        redisUrl: config.customs.redisUrl,
        keyPrefix: config.customs.keyPrefix,
        maxEntries: config.hawk.nonceCacheSize,
        clock,
        log,
      }),
      { failOpen: config.customs.failOpen, log, clock },
    );
    closers.push(() => nonces.close());
    const scrypt = new BoundedScrypt(config.scrypt.maxPending);
    const deps = { config, store, log, scrypt, signer, mailer, customs, nonces, oauthKeys, clock };
    const server = createServer(deps);
    await server.start();
    closers.push(() => server.stop({ timeout: 10_000 }));
    const pruner = startTokenPruner({
      store,
      lifetimes: config.tokenLifetimes,
      intervalMs: config.tokenPrune.intervalMs,
      clock,
      log,
    });
    closers.push(() => Promise.resolve(pruner.stop()));
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
      config,
      log,
      mailer,
      origin: server.info.uri,
      ...(sink ? { mailSinkUrl: sink.httpUrl } : {}),
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
