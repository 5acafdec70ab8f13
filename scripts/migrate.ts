// npm run migrate: brings the configured database to the patch level this
// checkout ships (db-migrations/README.md), then exits. It takes no
// arguments, and refuses any it does not know, so that a mistyped option
// (`--dry-run`) is not taken as leave to migrate.

import { join } from 'node:path';
import { asksForHelp } from '../src/cli-help.js';
import { migrate, redactDatabaseUrl } from '../src/db/index.js';

const USAGE = `usage: npm run migrate
       node dist/scripts/migrate.js

brings the database to the patch level this release ships, then exits

environment: DATABASE_URL, or DATA_DIR for SQLite at <DATA_DIR>/fxa.sqlite`;

/** DATABASE_URL, or the server's default: SQLite at <DATA_DIR or ./data>/fxa.sqlite. */
function databaseUrl(env: NodeJS.ProcessEnv): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  return `sqlite:${join(env.DATA_DIR || './data', 'fxa.sqlite')}`;
}

async function main(argv: string[]): Promise<number> {
  if (asksForHelp(argv)) {
    console.log(USAGE);
    return 0;
  }
  if (argv.length > 0) {
    console.error(`migrate takes no arguments, not ${argv.join(' ')}\n\n${USAGE}`);
    return 2;
  }
  const url = databaseUrl(process.env);
  try {
    const { from, to } = await migrate(url);
    console.log(
      from === to
        ? `${redactDatabaseUrl(url)}: already at patch level ${to}`
        : `${redactDatabaseUrl(url)}: migrated from patch level ${from} to ${to}`,
    );
    return 0;
  } catch (err) {
    console.error(`migrate failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
