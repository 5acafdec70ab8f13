// The VAPID key pair (RFC 8292): every push is signed with it, so push
// services can tell this server's messages apart and rate-limit or block a
// sender, not a subscriber. It must survive restarts: autopush ties nothing
// to it for FxA's key-less subscriptions, but a key that changed on every
// start would look like a new sender each time. An operator can set the
// private key; otherwise a pair is generated on first start into the data
// directory.
import { createECDH, generateKeyPairSync } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseKeyFile } from '../signer/key-files.js';

const FILE_NAME = 'vapid.json';

/** A P-256 pair as web-push takes it: base64url, unpadded. */
export interface VapidKeys {
  /** The uncompressed point (65 bytes), as push services see it in `k=`. */
  publicKey: string;
  /** The scalar (32 bytes). */
  privateKey: string;
}

/**
 * The configured key, or the persisted pair in `<dataDir>/vapid.json`,
 * created with mode 0600 when absent. The exclusive create settles two
 * processes starting together on one data directory.
 */
export async function loadVapidKeys(opts: {
  privateKey: string;
  dataDir: string;
}): Promise<VapidKeys>;
/** With `create: false`, undefined where the server has not made its keys yet. */
export async function loadVapidKeys(opts: {
  privateKey: string;
  dataDir: string;
  create: false;
}): Promise<VapidKeys | undefined>;
export async function loadVapidKeys(opts: {
  privateKey: string;
  dataDir: string;
  create?: false;
}): Promise<VapidKeys | undefined> {
  if (opts.privateKey !== '') return fromPrivateKey(opts.privateKey, 'push.vapidPrivateKey');
  const path = join(opts.dataDir, FILE_NAME);
  const existing = await readKeys(path);
  if (existing || opts.create === false) return existing;
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, JSON.stringify(generate()) + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // The winner of the create may still be writing; its write is one small
  // call, so a short wait sees it.
  for (let attempt = 0; attempt < 50; attempt++) {
    const created = await readKeys(path);
    if (created) return created;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`${path} holds no VAPID keys`);
}

function generate(): VapidKeys {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const jwk = privateKey.export({ format: 'jwk' });
  if (!jwk.d) throw new Error('the generated key has no private part');
  return fromPrivateKey(jwk.d, 'the generated key');
}

/** The pair of a private key; the public half is derived, so the two always agree. */
function fromPrivateKey(privateKey: string, source: string): VapidKeys {
  const scalar = Buffer.from(privateKey, 'base64url');
  if (scalar.length !== 32 || scalar.toString('base64url') !== privateKey) {
    throw new Error(`${source} is not a 32-byte base64url P-256 private key`);
  }
  const ecdh = createECDH('prime256v1');
  try {
    ecdh.setPrivateKey(scalar);
  } catch {
    throw new Error(`${source} is not a valid P-256 private key`);
  }
  return { publicKey: ecdh.getPublicKey().toString('base64url'), privateKey };
}

// A file whose public key does not belong to its private key was edited by
// hand or damaged; it fails loudly rather than signing with a key nobody
// expects.
async function readKeys(path: string): Promise<VapidKeys | undefined> {
  let text: string;
  try {
    text = (await readFile(path, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  // Empty: another process has created the file and not yet written it.
  if (text === '') return undefined;
  const stored = parseKeyFile(text, path) as Partial<VapidKeys>;
  if (typeof stored.privateKey !== 'string') throw new Error(`${path} holds no privateKey`);
  const keys = fromPrivateKey(stored.privateKey, path);
  if (stored.publicKey !== keys.publicKey) {
    throw new Error(`${path}: publicKey does not belong to privateKey`);
  }
  return keys;
}
