// The image's HEALTHCHECK, run as the container engine runs it: the command
// from the Dockerfile itself, in a process of its own with only PORT set.
// Besides telling a serving server from a closed port, it must end by
// itself within the engine's --timeout when a server accepts connections
// but never answers: podman reports the timeout yet leaves the probe
// running, so a probe that waits for ever holds every later check.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot, runNode } from '../helpers/command.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { freePort, startTestServer, type TestServer } from '../helpers/server.js';

interface Healthcheck {
  script: string;
  timeoutMs: number;
}

/** The `node -e "<script>"` of the Dockerfile's HEALTHCHECK, and its --timeout. */
function dockerfileHealthcheck(): Healthcheck {
  const dockerfile = readFileSync(join(repoRoot, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const line = dockerfile.split('\n').find((l) => l.startsWith('HEALTHCHECK '));
  assert.ok(line, 'the Dockerfile has a HEALTHCHECK');
  const timeout = /--timeout=(\d+)s/.exec(line)?.[1];
  const script = /CMD node -e "(.*)"\s*$/.exec(line)?.[1];
  assert.ok(timeout && script, `HEALTHCHECK is CMD node -e "..." with --timeout: ${line}`);
  return { script, timeoutMs: Number(timeout) * 1000 };
}

const probe = (hc: Healthcheck, port: number) =>
  runNode(['-e', hc.script], { PORT: String(port) }, { timeoutMs: 60_000 });

/** A listener that accepts every connection and never writes a byte. */
async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => void sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return {
    port: address.port,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe("the image's HEALTHCHECK command", () => {
  const hc = dockerfileHealthcheck();
  let db: TestDatabase;
  let server: TestServer;

  before(async () => {
    db = await createTestDatabase('sqlite');
    server = await startTestServer({ databaseUrl: db.url });
  });
  after(async () => {
    await server.stop();
    await db.drop();
  });

  it('exits 0 against a running server', async () => {
    const run = await probe(hc, server.config.listen.port);
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  it('exits 1 when nothing listens on PORT', async () => {
    const run = await probe(hc, await freePort());
    assert.equal(run.code, 1, run.stdout + run.stderr);
  });

  it('gives up, exit 1, within --timeout when the server accepts but never answers', async () => {
    const silent = await silentServer();
    try {
      const started = Date.now();
      const run = await probe(hc, silent.port);
      const took = Date.now() - started;
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.ok(took < hc.timeoutMs, `the probe took ${took} ms, --timeout is ${hc.timeoutMs} ms`);
    } finally {
      await silent.close();
    }
  });
});
