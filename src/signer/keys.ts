// The BrowserID signing key: an RSA key pair kept as a private JWK on disk.
// It is generated on first start so a fresh install needs no setup step, and
// written with mode 0600 through an exclusive create, so two processes
// starting at once end up sharing one key instead of overwriting each other.
import {
  generateKeyPairSync,
  createPublicKey,
  createPrivateKey,
  randomBytes,
  type KeyObject,
} from 'node:crypto';
import {
  closeSync,
  existsSync,
  fchownSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { parseKeyFile } from './key-files.js';

export interface SigningKey {
  privateKey: KeyObject;
  /** Public JWK as published: kty, n, e, kid, plus the BrowserID extras. */
  publicJwk: JWK & { algorithm: 'RS'; use: 'sig' };
  kid: string;
}

function publish(jwk: JWK, kid: string): SigningKey['publicJwk'] {
  return { kty: 'RSA', n: jwk.n, e: jwk.e, kid, algorithm: 'RS', use: 'sig' };
}

/** A fresh RSA private JWK, its kid the date and a thumbprint, so a rotation is visible in it. */
async function newPrivateJwk(): Promise<JWK> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const kid = `${new Date().toISOString().slice(0, 10)}-${(await calculateJwkThumbprint(jwk)).slice(0, 16)}`;
  return { ...jwk, kid };
}

const asFile = (jwk: JWK) => JSON.stringify(jwk, null, 2) + '\n';

interface Owner {
  uid: number;
  gid: number;
}

async function generate(keyFile: string): Promise<void> {
  const jwk = await newPrivateJwk();
  mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
  try {
    writeFileSync(keyFile, asFile(jwk), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    // Another process created it first; use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/**
 * Writes `content` to `file` through a temporary file and a rename, so a
 * reader (a server starting) sees the old file or the new one, never half.
 * The temporary name is random and created exclusively: a file or symlink
 * already there under a guessable name would otherwise keep its own mode,
 * or take the private key wherever it points. The data is flushed before
 * the rename, so a crash cannot leave an empty key in place of the old one.
 */
function replaceFile(file: string, content: string, mode: number, owner: Owner): void {
  const temporary = `${file}.${randomBytes(8).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', mode);
  try {
    if (process.getuid?.() === 0) fchownSync(fd, owner.uid, owner.gid);
    writeFileSync(fd, content);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(temporary);
    throw err;
  }
  closeSync(fd);
  renameSync(temporary, file);
}

/**
 * A key rotation: the current key's public half goes to `previousFile`
 * (published beside the new key, so what it signed keeps verifying), then
 * a new private key replaces `keyFile`. A rotation cut short between the
 * two leaves the current key in use and already published as previous, so
 * running it again completes it. Returns the kids, old and new.
 */
export async function rotateKeyFile(
  keyFile: string,
  previousFile: string,
): Promise<{ retired: string; current: string }> {
  const old = await loadOrCreateKey(keyFile);
  // Both files go to the key's owner, the server's user, even when root
  // rotates: a private key root owns with mode 0600 the server cannot read.
  const { uid, gid } = statSync(keyFile);
  replaceFile(previousFile, asFile(old.publicJwk), 0o644, { uid, gid });
  const jwk = await newPrivateJwk();
  replaceFile(keyFile, asFile(jwk), 0o600, { uid, gid });
  return { retired: old.kid, current: String(jwk.kid) };
}

export async function loadOrCreateKey(keyFile: string): Promise<SigningKey> {
  if (!existsSync(keyFile)) await generate(keyFile);
  const jwk = parseKeyFile(readFileSync(keyFile, 'utf8'), keyFile) as JWK;
  if (jwk.kty !== 'RSA' || !jwk.d) throw new Error(`${keyFile} is not an RSA private JWK`);
  const privateKey = createPrivateKey({ key: jwk as never, format: 'jwk' });
  const kid = jwk.kid ?? (await calculateJwkThumbprint(jwk));
  return { privateKey, publicJwk: publish(jwk, kid), kid };
}

/** A retired public key that stays published while certificates signed by it live on. */
export function loadPublicKey(file: string): SigningKey['publicJwk'] {
  const jwk = parseKeyFile(readFileSync(file, 'utf8'), file) as JWK;
  // Validates the key and drops any private part before publishing it.
  const pub = createPublicKey({ key: jwk as never, format: 'jwk' }).export({
    format: 'jwk',
  }) as JWK;
  return publish(pub, jwk.kid ?? 'old');
}
