// npm run migrate: brings the configured database to the patch level this
// checkout ships (db-migrations/README.md), then exits.

import { join } from 'node:path';
import { migrate, redactDatabaseUrl } from '../src/db/index.js';

/** DATABASE_URL, or the server's default: SQLite at <DATA_DIR or ./data>/fxa.sqlite. */
function databaseUrl(env: NodeJS.ProcessEnv): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  return `sqlite:${join(env.DATA_DIR || './data', 'fxa.sqlite')}`;
}

const url = databaseUrl(process.env);
try {
  const { from, to } = await migrate(url);
  console.log(
    from === to
      ? `${redactDatabaseUrl(url)}: already at patch level ${to}`
      : `${redactDatabaseUrl(url)}: migrated from patch level ${from} to ${to}`,
  );
} catch (err) {
  console.error(`migrate failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
