// The schema patch level: which numbered patches of db-migrations/<dialect>/
// a database has had, recorded in dbMetadata as `schema-patch-level` (the
// scheme of fxa-auth-db-mysql; db-migrations/README.md describes the files).
//
// A server refuses a database migrated past its own patches, since its
// statements may no longer fit that schema, and applies or asks for the
// missing ones when the database is behind.

import { readdir, readFile } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dialect, Driver, SchemaExecutor } from './driver.js';

/** The database was migrated by a newer server than this one. */
export class PatchLevelError extends Error {
  readonly level: number;
  readonly levelRequired: number;

  constructor(level: number, levelRequired: number) {
    super(
      `the database schema is at patch level ${level}, newer than this server, which ` +
        `knows patches up to ${levelRequired}; run the server version that migrated it`,
    );
    this.name = 'PatchLevelError';
    this.level = level;
    this.levelRequired = levelRequired;
  }
}

export interface Patch {
  level: number;
  file: string;
  sql: string;
}

const FORWARD_PATCH = /^(\d{3})-[a-z0-9-]+\.sql$/;
const LEVEL_KEY = 'schema-patch-level';

/**
 * The db-migrations folder, found by walking up from this module: it sits
 * three levels up from src/db/sql/ under tsx and four from dist/src/db/sql/.
 */
export function migrationsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'db-migrations');
    if (statSync(candidate, { throwIfNoEntry: false })?.isDirectory()) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('no db-migrations folder above ' + import.meta.url);
    dir = parent;
  }
}

/**
 * The forward patches shipped for `dialect`, in increasing order. Numbers are
 * handed out to pieces of work ahead of time, so one may be missing while
 * the work that owns it is unfinished; two files with one number, or a
 * misnamed file, are refused rather than skipped without a word.
 */
export async function shippedPatches(dialect: Dialect): Promise<Patch[]> {
  const dir = join(migrationsDir(), dialect);
  const files = (await readdir(dir))
    .filter((f) => f.endsWith('.sql') && !f.endsWith('.reverse.sql'))
    .sort();
  const patches: Patch[] = [];
  for (const file of files) {
    const level = Number(FORWARD_PATCH.exec(file)?.[1] ?? Number.NaN);
    const previous = patches.at(-1)?.level ?? 0;
    if (!Number.isInteger(level) || level <= previous) {
      throw new Error(`${join(dir, file)}: expected a patch above ${previous} (NNN-name.sql)`);
    }
    patches.push({ level, file, sql: await readFile(join(dir, file), 'utf8') });
  }
  return patches;
}

/** The level a database has once every shipped patch is applied. */
export const shippedLevel = (patches: readonly Patch[]): number => patches.at(-1)?.level ?? 0;

/** The level recorded in dbMetadata; 0 for a database without that table. */
export async function readPatchLevel(ex: SchemaExecutor): Promise<number> {
  if (!(await ex.hasTable('dbMetadata'))) return 0;
  const row = await ex.get('SELECT value FROM dbMetadata WHERE name = ?', [LEVEL_KEY]);
  if (row === undefined) return 0;
  const value = row.value;
  if (typeof value !== 'string' || !/^\d+$/.test(value)) {
    throw new Error(`dbMetadata ${LEVEL_KEY} holds ${JSON.stringify(value)}, not a number`);
  }
  return Number(value);
}

/**
 * Brings the database to the shipped level when `migrate` is set, otherwise
 * only checks it. Throws PatchLevelError when the database is ahead.
 */
export async function ensurePatchLevel(
  driver: Driver,
  opts: { migrate: boolean },
): Promise<{ from: number; to: number }> {
  const patches = await shippedPatches(driver.dialect);
  const shipped = shippedLevel(patches);
  return driver.migration(async (session) => {
    const from = await readPatchLevel(session);
    if (from > shipped) throw new PatchLevelError(from, shipped);
    if (from < shipped && !opts.migrate) {
      throw new Error(
        `the database schema is at patch level ${from} and this server needs ${shipped}; ` +
          'run `npm run migrate` first',
      );
    }
    for (const patch of patches.filter((p) => p.level > from)) {
      await session.transaction(async (tx) => {
        // Another process may have applied it since `from` was read: SQLite
        // holds no lock across patches, only within each one.
        if ((await readPatchLevel(tx)) >= patch.level) return;
        if (hasStatements(patch.sql)) await tx.script(patch.sql);
        // REPLACE INTO is the one upsert both dialects spell the same way.
        await tx.run('REPLACE INTO dbMetadata (name, value) VALUES (?, ?)', [
          LEVEL_KEY,
          String(patch.level),
        ]);
      });
    }
    return { from, to: await readPatchLevel(session) };
  });
}

// A patch one dialect does not need holds only a comment, and MySQL rejects
// a query with no statement in it.
function hasStatements(sql: string): boolean {
  return sql.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'));
}
