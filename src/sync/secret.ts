// The Sync master secret: the one value the tokenserver and the storage
// node share. Token ids are signed and token secrets derived from it
// (tokenlib.ts), so it must survive restarts: a fresh secret per start would
// turn every client's token into a 401 and a refetch. An operator can set it
// (to share it with an external syncstorage-rs node); otherwise 32 random
// bytes are generated on first start into the data directory.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const FILE_NAME = 'sync-secret';

/**
 * The configured secret's UTF-8 bytes, or the persisted one (hex in
 * `<dataDir>/sync-secret`), created with mode 0600 when absent. The exclusive
 * create settles two processes starting together on one data directory.
 */
export async function loadSyncSecret(opts: {
  masterSecret: string;
  dataDir: string;
}): Promise<Buffer> {
  if (opts.masterSecret !== '') return Buffer.from(opts.masterSecret, 'utf8');
  const path = join(opts.dataDir, FILE_NAME);
  const existing = await readSecret(path);
  if (existing) return existing;
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const created = await readSecret(path);
  if (!created) throw new Error(`${path} holds no Sync master secret`);
  return created;
}

// The file holds hex; its text is the secret, as a configured one would be,
// so an operator can copy it into SYNC_MASTER_SECRET of another node.
async function readSecret(path: string): Promise<Buffer | undefined> {
  try {
    const text = (await readFile(path, 'utf8')).trim();
    return text === '' ? undefined : Buffer.from(text, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
