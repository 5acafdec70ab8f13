// The image has no tsx: operators run the compiled scripts with plain node
// (`node dist/scripts/migrate.js`). The build here goes through the same
// tsconfig.build.json into a folder of its own under dist/, which keeps the
// image's layout where it matters: node_modules and db-migrations are found
// by walking up from the compiled file.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot, runNode, type Finished } from '../helpers/command.js';

/** The operator scripts the README documents in their `node dist/scripts/` form. */
const OPERATOR_SCRIPTS = ['migrate', 'customs', 'sync', 'admin'];

// dist/ may not exist yet in a fresh checkout that was never built.
mkdirSync(join(repoRoot, 'dist'), { recursive: true });
const outDir = mkdtempSync(join(repoRoot, 'dist', '.operator-scripts-test-'));
const dataDir = mkdtempSync(join(tmpdir(), 'fxa-test-scripts-'));
after(() => {
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

/** `node <outDir>/scripts/<name>.js ...args`, with nothing but `env` configured. */
function script(name: string, args: string[], env: Record<string, string> = {}) {
  return runNode([relative(repoRoot, join(outDir, 'scripts', `${name}.js`)), ...args], env);
}

const output = (r: Finished) => r.stdout + r.stderr;

describe('the compiled operator scripts run with plain node', () => {
  before(async () => {
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const build = await runNode(
      [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir],
      {},
      {
        timeoutMs: 180_000,
      },
    );
    assert.equal(build.code, 0, output(build));
  });

  for (const name of OPERATOR_SCRIPTS) {
    it(`${name}: compiled into dist/scripts`, () => {
      assert.ok(existsSync(join(outDir, 'scripts', `${name}.js`)));
    });
  }

  it('migrate brings a new SQLite database to the shipped patch level, then finds nothing to do', async () => {
    const first = await script('migrate', [], { DATA_DIR: dataDir });
    assert.equal(first.code, 0, output(first));
    const level = /migrated from patch level 0 to (\d+)/.exec(first.stdout)?.[1];
    assert.ok(level && Number(level) > 0, first.stdout);
    const again = await script('migrate', [], { DATA_DIR: dataDir });
    assert.equal(again.code, 0, output(again));
    assert.match(again.stdout, new RegExp(`already at patch level ${level}\\b`));
  });

  it('sync reads the usage of that database', async () => {
    const run = await script('sync', ['usage'], { DATA_DIR: dataDir });
    assert.equal(run.code, 0, output(run));
    assert.match(run.stdout, /no Sync data/);
  });

  it('customs prints its usage, and lists the blocks of a Redis', async () => {
    const usage = await script('customs', []);
    assert.equal(usage.code, 2, output(usage));
    assert.match(usage.stderr, /usage: npm run customs/);
    const list = await script('customs', ['list'], {
      REDIS_URL: process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379',
      CUSTOMS_KEY_PREFIX: `fxa-test:${randomBytes(6).toString('hex')}:`,
    });
    assert.equal(list.code, 0, output(list));
    assert.match(list.stdout, /no active blocks/);
  });

  it('admin prints its usage on --help, and lists the accounts of that database', async () => {
    const help = await script('admin', ['--help'], { DATA_DIR: dataDir });
    assert.equal(help.code, 0, output(help));
    assert.match(help.stdout, /node dist\/scripts\/admin\.js <command>/);
    assert.match(help.stdout, /delete-account/);
    const list = await script('admin', ['accounts'], { DATA_DIR: dataDir, ADMIN_SOCKET: 'off' });
    assert.equal(list.code, 0, output(list));
    assert.match(list.stdout, /no accounts/);
  });

  // An operator asking a script what it does must get the answer and
  // nothing else: no refusal of --help, and no migration of the database.
  for (const name of OPERATOR_SCRIPTS) {
    for (const ask of ['--help', '-h', 'help']) {
      it(`${name} ${ask}: prints its usage and exits 0, touching no database`, async () => {
        const fresh = mkdtempSync(join(tmpdir(), 'fxa-test-scripts-help-'));
        try {
          const run = await script(name, [ask], { DATA_DIR: fresh });
          assert.equal(run.code, 0, output(run));
          assert.match(run.stdout, new RegExp(`^usage: npm run ${name}\\b`));
          assert.equal(run.stderr, '');
          assert.deepEqual(readdirSync(fresh), [], 'nothing written to the data directory');
        } finally {
          rmSync(fresh, { recursive: true, force: true });
        }
      });
    }
  }

  it('migrate refuses an argument it does not know, and migrates nothing', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'fxa-test-scripts-help-'));
    try {
      const run = await script('migrate', ['--dry-run'], { DATA_DIR: fresh });
      assert.equal(run.code, 2, output(run));
      assert.match(run.stderr, /migrate takes no arguments, not --dry-run/);
      assert.deepEqual(readdirSync(fresh), []);
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  });
});
