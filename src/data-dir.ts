// The directories the server writes into at start: the SQLite database's
// (its WAL and shared-memory files sit beside it), and the data directory
// where missing keys and secrets are generated. A container volume owned by
// root is the usual cause of failure here, and SQLite then only says
// "unable to open database file"; checking first names the path and the
// user, which is what the operator has to fix.
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Config } from './config.js';

type Paths = Pick<Config, 'dataDir' | 'database' | 'signer' | 'oauth' | 'sync' | 'push'>;

/** Throws an error naming the path and this process's uid when the server could not write there. */
export async function checkWritable(config: Paths): Promise<void> {
  for (const path of await pathsToWrite(config)) {
    await check(path.dir, async () => {
      // Created for this user alone: the SQLite file that lands in it is
      // made 0644, and it holds every session's Hawk key.
      await mkdir(path.dir, { recursive: true, mode: 0o700 });
      await access(path.dir, constants.W_OK | constants.X_OK);
    });
    const file = path.file;
    if (file && (await exists(file))) await check(file, () => access(file, constants.W_OK));
  }
}

async function check(path: string, attempt: () => Promise<unknown>): Promise<void> {
  try {
    await attempt();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw err;
    throw new Error(notWritable(path, code));
  }
}

interface WritePath {
  dir: string;
  /** A file in dir that is opened for writing when it already exists. */
  file?: string;
}

async function pathsToWrite(c: Paths): Promise<WritePath[]> {
  const paths: WritePath[] = [];
  if (c.database.url.startsWith('sqlite:')) {
    const file = c.database.url.slice('sqlite:'.length);
    if (file !== ':memory:') paths.push({ dir: dirname(file), file });
  }
  // Generated on first start when not configured (sync/secret.ts, push/vapid.ts).
  if (c.sync.masterSecret === '' || c.push.vapidPrivateKey === '') paths.push({ dir: c.dataDir });
  for (const keyFile of [c.signer.keyFile, c.oauth.keyFile]) {
    if (!(await exists(keyFile))) paths.push({ dir: dirname(keyFile) });
  }
  // One check per directory; the database file's entry is listed first.
  return paths.filter((p, i) => paths.findIndex((q) => q.dir === p.dir) === i);
}

function notWritable(path: string, code: string): string {
  const uid = process.getuid?.() ?? -1;
  const gid = process.getgid?.() ?? -1;
  const why = code === 'EROFS' ? 'is on a read-only file system' : 'is not writable';
  return (
    `${path} ${why} for uid ${uid} (gid ${gid}), the user this server runs as: ` +
    `make it writable for that user (e.g. chown -R ${uid}:${gid} ${path}) ` +
    'or set DATA_DIR to a directory it can write'
  );
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}
