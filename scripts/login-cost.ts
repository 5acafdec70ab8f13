// npm run login-cost: what one login costs on this machine. Starts the server
// on a temporary SQLite database, signs up once, then logs in N times one
// after another over HTTP and prints the median and p90 beside bare scrypt
// with the same parameters, measured in the same run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpus } from 'node:os';
import { scryptOnce } from '../src/crypto/scrypt.js';
import { startTestServer } from '../test/helpers/server.js';
import { Client } from '../test/client/client.js';

const N = Number(process.argv[2] ?? 20);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const dir = mkdtempSync(join(tmpdir(), 'fxa-login-cost-'));
const server = await startTestServer({
  databaseUrl: `sqlite:${join(dir, 'db.sqlite')}`,
  config: { log: { level: 'silent' } },
});
try {
  const email = `cost-${Date.now()}@example.com`;
  await Client.create(server.origin, email, 'password', { preVerified: true });
  const scrypt: number[] = [];
  const login: number[] = [];
  for (let i = 0; i < N; i++) {
    scrypt.push(await timeIt(() => scryptOnce(Buffer.alloc(32, i), Buffer.alloc(32, 1))));
    login.push(await timeIt(() => Client.login(server.origin, email, 'password', { keys: true })));
  }
  console.log(`CPU: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, ${N} sequential runs`);
  console.log('| measure | median ms | p90 ms |');
  console.log('| --- | ---: | ---: |');
  console.log(
    `| scrypt N=65536 r=8 p=1 | ${quantile(scrypt, 0.5).toFixed(1)} | ${quantile(scrypt, 0.9).toFixed(1)} |`,
  );
  console.log(
    `| login?keys=true over HTTP | ${quantile(login, 0.5).toFixed(1)} | ${quantile(login, 0.9).toFixed(1)} |`,
  );
  console.log(
    `login / scrypt (median): ${(quantile(login, 0.5) / quantile(scrypt, 0.5)).toFixed(2)}`,
  );
  console.log('(the client-side PBKDF2 stretch, ~1000 iterations, is included in the login time)');
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
