// The admin CLI's customs commands against a running server. With the
// default in-memory counters the CLI reaches them over the server's admin
// socket; with Redis it may also change the shared store directly. Either
// way, a login blocked for wrong passwords goes through once unblocked.
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { it } from 'node:test';
import { Api } from '../client/api.js';
import { Client } from '../client/client.js';
import { adminCli, adminJson, serverEnv } from '../helpers/admin-cli.js';
import { describeEachDatabase } from '../helpers/databases.js';
import {
  PASSWORD,
  assertFxaError,
  randomEmail,
  randomHex,
  redisPrefix,
  useServer,
} from './support.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** An account whose address is blocked (125) after three wrong passwords. */
async function blockedAccount(origin: string): Promise<string> {
  const email = randomEmail();
  await Client.create(origin, email, PASSWORD, { preVerified: true });
  const api = new Api(origin);
  const wrong = () =>
    api.request('POST', '/v1/account/login', { body: { email, authPW: randomHex(32) } });
  for (let i = 0; i < 3; i++) assertFxaError(await wrong(), 400, 103);
  assertFxaError(await wrong(), 400, 125);
  await assert.rejects(Client.login(origin, email, PASSWORD), { errno: 125 });
  return email;
}

describeEachDatabase('admin CLI: customs in memory, through the admin socket', (db) => {
  const server = useServer(db);
  const env = () => serverEnv(server().config);

  it('listens on a socket only its own user may open', () => {
    const socket = server().config.admin.socket;
    assert.ok(statSync(socket).isSocket());
    assert.equal(statSync(socket).mode & 0o777, 0o600);
  });

  it('lists the block, and a login goes through once the address is unblocked', async () => {
    const email = await blockedAccount(server().origin);
    const listed = await adminCli(['blocks'], env());
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`^email\\s+${email}\\s+\\S+`, 'm'));

    const out = await adminCli(['unblock', 'email', email.toUpperCase()], env());
    assert.equal(out.code, 0, out.stderr);
    assert.equal(out.stdout.trim(), `unblocked email ${email}`);
    const client = await Client.login(server().origin, email, PASSWORD);
    assert.equal(client.verified, true);
  });

  it('bans an address until it is unblocked', async () => {
    const email = randomEmail();
    await Client.create(server().origin, email, PASSWORD, { preVerified: true });
    await adminJson(['ban', 'email', email, '--duration', '600'], env());
    await assert.rejects(Client.login(server().origin, email, PASSWORD), { errno: 114 });
    const { blocks } = await adminJson<{ blocks: Array<{ value: string; reason: string }> }>(
      ['blocks'],
      env(),
    );
    assert.ok(blocks.some((b) => b.value === email && b.reason === 'ban'));
    await adminJson(['unblock', 'email', email], env());
    await Client.login(server().origin, email, PASSWORD);
  });

  it('refuses a malformed address before it reaches the server', async () => {
    for (const args of [
      ['unblock', 'ip', '10.0.0.0/8'],
      ['unblock', 'email', 'not-an-address'],
      ['ban', 'uid', 'abc'],
    ]) {
      const out = await adminCli(args, env());
      assert.equal(out.code, 2, args.join(' '));
    }
  });

  it('with no server running, explains that memory holds no blocks, and cannot ban', async () => {
    const gone = { ...env(), ADMIN_SOCKET: `${server().config.dataDir}/nobody-here.sock` };
    const unblock = await adminCli(['unblock', 'ip', '203.0.113.9'], gone);
    assert.equal(unblock.code, 0, unblock.stderr);
    assert.match(unblock.stdout, /no server answers on .*nothing is blocked/);
    const ban = await adminCli(['ban', 'ip', '203.0.113.9'], gone);
    assert.equal(ban.code, 1);
    assert.match(ban.stderr, /a ban has nowhere to go/);
  });
});

describeEachDatabase('admin CLI: customs in Redis, without the socket', (db) => {
  const server = useServer(db, { customs: { redisUrl: REDIS_URL, keyPrefix: redisPrefix() } });

  it('unblocks an address in the shared Redis directly', async () => {
    const email = await blockedAccount(server().origin);
    const env = { ...serverEnv(server().config), ADMIN_SOCKET: 'off' };
    const out = await adminCli(['unblock', 'email', email], env);
    assert.equal(out.code, 0, out.stderr);
    await Client.login(server().origin, email, PASSWORD);
  });
});
