// Starting the server as an operator does, from the environment alone:
// production refuses the settings that would let it start broken (and says
// what to set), development follows a changed PORT with its PUBLIC_URL so
// Hawk keeps working, and a data directory the server cannot write is named
// with the uid it runs as.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Client } from '../client/client.js';
import { runNode, SERVER_FROM_SOURCE, startNode } from '../helpers/command.js';
import { freePort } from '../helpers/server.js';
import { PASSWORD, randomEmail } from './support.js';

const tempDirs: string[] = [];
after(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'fxa-test-production-'));
  tempDirs.push(dir);
  return dir;
}

/** A production environment that is complete; each refusal below breaks one setting of it. */
async function productionEnv(): Promise<Record<string, string>> {
  return {
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://accounts.example.com',
    SMTP_URL: 'smtp://127.0.0.1:1',
    HOST: '127.0.0.1',
    PORT: String(await freePort()),
    DATA_DIR: tempDir(),
    LOG_LEVEL: 'info',
  };
}

const STARTED = /"msg":"server started"/;

describe('NODE_ENV=production refuses to start on development settings', () => {
  const refusals: Array<{ name: string; change: Record<string, string | undefined> }> = [
    { name: 'PUBLIC_URL', change: { PUBLIC_URL: undefined } },
    { name: 'PUBLIC_URL', change: { PUBLIC_URL: 'http://127.0.0.1:9000' } },
    { name: 'PUBLIC_URL', change: { PUBLIC_URL: 'http://localhost:9000' } },
    { name: 'PUBLIC_URL', change: { PUBLIC_URL: 'http://[::1]:9000' } },
    { name: 'SMTP_URL', change: { SMTP_URL: undefined } },
    { name: 'MAIL_SINK', change: { MAIL_SINK: 'true' } },
    { name: 'ALLOW_PRE_VERIFIED', change: { ALLOW_PRE_VERIFIED: 'true' } },
  ];
  for (const { name, change } of refusals) {
    const shown = Object.entries(change).map(([k, v]) =>
      v === undefined ? `no ${k}` : `${k}=${v}`,
    );
    it(`${shown.join(', ')}: exits 1 and says what to set`, async () => {
      const env = await productionEnv();
      for (const [k, v] of Object.entries(change)) {
        if (v === undefined) delete env[k];
        else env[k] = v;
      }
      const run = await runNode(SERVER_FROM_SOURCE, env);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stderr, /refusing to start with NODE_ENV=production/);
      const problems = run.stderr.split('\n').filter((l) => l.startsWith('  - '));
      assert.equal(problems.length, 1, run.stderr);
      assert.match(problems[0]!, new RegExp(`^  - ${name}\\b.*: (set|remove)`));
      assert.deepEqual(readdirSync(env.DATA_DIR!), [], 'nothing was created before refusing');
    });
  }

  it('starts on complete settings, and refuses preVerified sign-ups', async () => {
    const env = await productionEnv();
    const server = await startNode(SERVER_FROM_SOURCE, env, STARTED);
    try {
      const origin = `http://127.0.0.1:${env.PORT}`;
      assert.equal((await fetch(`${origin}/__heartbeat__`)).status, 200);
      const create = await fetch(`${origin}/v1/account/create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: randomEmail(), authPW: 'a'.repeat(64), preVerified: true }),
      });
      assert.equal(create.status, 400);
      assert.equal(((await create.json()) as { errno: number }).errno, 107);
    } finally {
      await server.stop();
    }
  });
});

describe('development derives PUBLIC_URL from HOST and PORT', () => {
  it('a server moved to another port without PUBLIC_URL accepts Hawk-signed calls', async () => {
    const port = await freePort();
    const server = await startNode(
      SERVER_FROM_SOURCE,
      {
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: tempDir(),
        MAIL_SINK_SMTP_PORT: '0',
        MAIL_SINK_HTTP_PORT: '0',
      },
      STARTED,
    );
    try {
      const origin = `http://127.0.0.1:${port}`;
      const discovery = (await (
        await fetch(`${origin}/.well-known/fxa-client-configuration`)
      ).json()) as { auth_server_base_url: string };
      assert.equal(discovery.auth_server_base_url, origin);
      // Both calls are Hawk-signed; with a PUBLIC_URL left on port 9000
      // they failed with errno 109 (the MAC covers host and port).
      const email = randomEmail();
      const client = await Client.create(origin, email, PASSWORD, {
        preVerified: true,
        keys: true,
      });
      assert.equal((await client.sessionStatus()).uid, client.uid);
      const { kB } = await client.keys();
      assert.equal(kB.length, 32);
    } finally {
      await server.stop();
    }
  });
});

describe('a data directory the server cannot write', () => {
  it('is named, with the uid the server runs as', async () => {
    const parent = tempDir();
    chmodSync(parent, 0o755);
    const dataDir = join(parent, 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    // root may write anywhere, so a root test run starts the server as
    // nobody; any other user is kept out by the mode alone.
    const asRoot = process.getuid?.() === 0;
    if (!asRoot) chmodSync(dataDir, 0o555);
    const uid = asRoot ? 65534 : (process.getuid?.() ?? -1);
    const run = await runNode(
      SERVER_FROM_SOURCE,
      { HOME: '/tmp', DATA_DIR: dataDir, PORT: String(await freePort()) },
      asRoot ? { user: { uid, gid: 65534 } } : {},
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.ok(run.stderr.includes(`${dataDir} is not writable for uid ${uid}`), run.stderr);
    assert.doesNotMatch(run.stderr, /unable to open database file/);
  });
});

describe('a data directory the server creates', () => {
  it("is for the server's user alone: the database in it holds every session's Hawk key", async () => {
    const dataDir = join(tempDir(), 'data');
    const server = await startNode(
      SERVER_FROM_SOURCE,
      {
        HOST: '127.0.0.1',
        PORT: String(await freePort()),
        DATA_DIR: dataDir,
        MAIL_SINK_SMTP_PORT: '0',
        MAIL_SINK_HTTP_PORT: '0',
      },
      STARTED,
    );
    try {
      assert.ok(readdirSync(dataDir).includes('fxa.sqlite'));
      assert.equal((statSync(dataDir).mode & 0o777).toString(8), '700');
    } finally {
      await server.stop();
    }
  });
});
