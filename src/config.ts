// Loads the settings declared in config-schema.ts from the environment and
// overrides, validates them, and fills in the defaults that depend on other
// settings. This is the only module that reads process.env; `npm run
// config-doc` renders the schema into the README, and a test keeps the two
// in sync.
import convict from 'convict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { schema } from './config-schema.js';
import { validateRules } from './customs/rules.js';
import { validateClients } from './oauth/clients.js';
import {
  developmentPublicUrl,
  productionProblems,
  ProductionConfigError,
} from './config-production.js';

import { previousKeyFile } from './signer/key-files.js';

/** Where mail goes outside production when SMTP_URL is empty and the sink is off. */
const DEVELOPMENT_SMTP_URL = 'smtp://127.0.0.1:25';

// A setting that is on, off, or left to depend on `env`.
convict.addFormat({
  name: 'auto-boolean',
  validate(value: unknown) {
    if (value !== null && typeof value !== 'boolean') throw new Error('must be true or false');
  },
  coerce: (value: string) => (value === '' ? null : value === 'true' || value === '1'),
});

convict.addFormat({
  name: 'customs-rules',
  validate: (value: unknown) => void validateRules(value),
  coerce: (value: string) => JSON.parse(value) as unknown,
});

convict.addFormat({
  name: 'oauth-clients',
  validate: (value: unknown) => void validateClients(value),
  coerce: (value: string) => JSON.parse(value) as unknown,
});

// An http(s) URL, or empty for a default derived from publicUrl.
convict.addFormat({
  name: 'optional-url',
  validate(value: unknown) {
    if (value === '') return;
    const url = new URL(String(value));
    if (!/^(https?|wss?):$/.test(url.protocol)) throw new Error('must be http(s) or ws(s)');
  },
});

convict.addFormat({
  name: 'string-list',
  validate(value: unknown) {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      throw new Error('must be a list of strings');
    }
  },
  coerce: (value: string) =>
    value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
});

// Empty for "not set": production requires it, development derives it.
convict.addFormat({
  name: 'optional-http-url',
  validate(value: unknown) {
    if (value === '') return;
    const url = new URL(String(value));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('must be http(s)');
  },
});

convict.addFormat({
  name: 'http-url',
  validate(value: unknown) {
    const url = new URL(String(value));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('must be http(s)');
  },
});

/** The schema definition itself, for the generated README table. */
export const configSchemaDefinition: Record<string, unknown> = schema;

const build = () => convict(schema);
type Loaded = ReturnType<ReturnType<typeof build>['getProperties']>;

export type Config = Omit<Loaded, 'account' | 'database' | 'signer' | 'mail' | 'admin'> & {
  account: { allowPreVerified: boolean };
  mail: Omit<Loaded['mail'], 'sink'> & {
    sink: Omit<Loaded['mail']['sink'], 'enabled'> & { enabled: boolean };
  };
  database: Loaded['database'];
  signer: { keyFile: string; oldPublicKeyFile: string };
  /** The admin socket's path, or empty when it is off. */
  admin: { socket: string };
  /** host[:port] of publicUrl: the BrowserID issuer and principal domain. */
  domain: string;
};

/**
 * Loads config from the environment, then `overrides` (tests use these),
 * validates it, and fills in the defaults that depend on other settings.
 * In production it throws ProductionConfigError, naming every setting to
 * fix, rather than start on development defaults.
 */
export function loadConfig(overrides: Record<string, unknown> = {}): Config {
  const c = build();
  c.load(overrides);
  c.validate({ allowed: 'strict' });
  const p = c.getProperties();
  const problems = productionProblems(p);
  if (problems.length > 0) throw new ProductionConfigError(problems);
  const dataDir = resolve(p.dataDir);
  const allow = p.account.allowPreVerified;
  const publicUrl = new URL(p.publicUrl || developmentPublicUrl(p.listen.host, p.listen.port));
  const contentServerUrl = (p.contentServer.url || publicUrl.origin).replace(/\/+$/, '');
  return {
    ...p,
    dataDir,
    publicUrl: publicUrl.origin,
    domain: publicUrl.host,
    account: {
      allowPreVerified: allow ?? p.env !== 'production',
    },
    contentServer: { url: contentServerUrl },
    mail: {
      ...p.mail,
      smtpUrl: p.mail.smtpUrl || DEVELOPMENT_SMTP_URL,
      sink: { ...p.mail.sink, enabled: p.mail.sink.enabled ?? p.env !== 'production' },
      redirectDomain: p.mail.redirectDomain || new URL(contentServerUrl).hostname,
    },
    database: {
      ...p.database,
      url: p.database.url || `sqlite:${resolve(dataDir, 'fxa.sqlite')}`,
    },
    signer: signingKeyFiles(p.signer, resolve(dataDir, 'browserid-key.json')),
    oauth: { ...p.oauth, ...signingKeyFiles(p.oauth, resolve(dataDir, 'oauth-key.json')) },
    admin: { socket: adminSocket(p.admin.socket, dataDir) },
    ...discoveryDefaults(p, publicUrl.origin),
  };
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * A signing key and the previous public key published beside it. A
 * previous key configured by path must exist (the signer fails on start
 * otherwise); the default one, written by `admin rotate-keys`, is used only
 * when it is there.
 */
function signingKeyFiles(
  files: { keyFile: string; oldPublicKeyFile: string },
  defaultKeyFile: string,
): { keyFile: string; oldPublicKeyFile: string } {
  const keyFile = resolve(files.keyFile || defaultKeyFile);
  if (files.oldPublicKeyFile) return { keyFile, oldPublicKeyFile: resolve(files.oldPublicKeyFile) };
  const previous = previousKeyFile(keyFile);
  return { keyFile, oldPublicKeyFile: existsSync(previous) ? previous : '' };
}

function adminSocket(setting: string, dataDir: string): string {
  if (setting === 'off') return '';
  return resolve(setting || resolve(dataDir, 'admin.sock'));
}

/** The discovery URLs and profile paths, with the empty ones derived from publicUrl. */
function discoveryDefaults(p: Loaded, origin: string): Pick<Loaded, 'discovery' | 'profile'> {
  const pathPrefix = `/${p.profile.pathPrefix.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
  const profileServerUrl = trimSlash(p.discovery.profileServerUrl || `${origin}${pathPrefix}`);
  return {
    discovery: {
      authServerUrl: trimSlash(p.discovery.authServerUrl || origin),
      oauthServerUrl: trimSlash(p.discovery.oauthServerUrl || origin),
      profileServerUrl,
      syncTokenserverUrl: trimSlash(p.discovery.syncTokenserverUrl || `${origin}/token`),
      pairingServerUrl: trimSlash(p.discovery.pairingServerUrl),
    },
    profile: {
      pathPrefix,
      defaultAvatarUrl: p.profile.defaultAvatarUrl || `${origin}${pathPrefix}/v1/avatar/default`,
    },
  };
}
