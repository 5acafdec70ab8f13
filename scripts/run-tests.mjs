// Runs every *.test.ts under src/ and test/ with node's test runner.
// Node 20's --test takes no globs, so the files are found here.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) find(path, out);
    else if (name.endsWith('.test.ts')) out.push(path);
  }
  return out;
}

// A test or hook that hangs (a database that stopped answering mid-suite, a
// child that never exits) fails after this long instead of holding the run
// until CI's own limit cuts it off with nothing said. The slowest test (two
// Firefox profiles syncing a bookmark) takes under 30 s; TEST_TIMEOUT_MS
// overrides the limit.
const TIMEOUT_MS = Number(process.env.TEST_TIMEOUT_MS ?? 300_000);

const only = process.argv.slice(2);
const files = only.length > 0 ? only : [...find('src'), ...find('test')].sort();
const result = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '--test',
    '--test-concurrency=2',
    `--test-timeout=${TIMEOUT_MS}`,
    // Once a file's tests are over, timed out or not, its process ends even
    // if a hung socket or child would keep it alive.
    '--test-force-exit',
    ...files,
  ],
  { stdio: 'inherit', env: { NODE_ENV: 'test', ...process.env } },
);
process.exit(result.status ?? 1);
