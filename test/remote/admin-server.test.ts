// The admin CLI's server commands. rotate-keys: after a restart the server
// signs with new keys, and what the old ones signed (a BrowserID
// certificate, an OAuth access token) still verifies against the published
// key sets. test-mail: a message through the configured SMTP arrives.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { Api } from '../client/api.js';
import { decodeJws, generateBrowserIdKey, verifyRs256 } from '../client/browserid.js';
import { Client } from '../client/client.js';
import type { JsonObject } from '../client/api.js';
import { fxaCredentials, verifyToken } from '../client/oauth.js';
import { adminCli, serverEnv } from '../helpers/admin-cli.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { startMailSink, type MailSink } from '../../src/mail-sink/index.js';
import { PASSWORD, randomEmail } from './support.js';

const HOUR = 3600 * 1000;

async function browseridKeys(origin: string): Promise<JsonObject[]> {
  const doc = await new Api(origin).request('GET', '/.well-known/browserid');
  return doc.body.keys as JsonObject[];
}

async function jwksKids(origin: string): Promise<string[]> {
  const doc = await new Api(origin).request('GET', '/v1/jwks');
  return (doc.body.keys as JsonObject[]).map((k) => String(k.kid));
}

/** Whether the key set holds the key that signed `jws`, and the signature checks out with it. */
function verifiesAgainst(jws: string, keys: JsonObject[]): boolean {
  const key = keys.find((k) => k.kid === decodeJws(jws).header.kid);
  return key !== undefined && verifyRs256(jws, key);
}

describeEachDatabase('admin CLI: rotate-keys', (db) => {
  // The keys live in a data directory that outlives one server process.
  let dataDir: string;
  let server: TestServer | undefined;
  const start = async () => {
    server = await startTestServer({ databaseUrl: db().url, config: { dataDir } });
    return server;
  };
  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'admin-keys-'));
  });
  after(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs with new keys after a restart, and keeps the old ones published', async () => {
    const first = await start();
    const client = await Client.create(first.origin, randomEmail(), PASSWORD, {
      preVerified: true,
    });
    const { publicKey } = await generateBrowserIdKey();
    const oldCert = await client.signCertificate(publicKey, HOUR);
    const token = await fxaCredentials(client.api, client.session(), { scope: 'profile' });
    const oldAccessToken = String(token.body.access_token);
    const [oldBrowserIdKey] = await browseridKeys(first.origin);
    const [oldOAuthKid] = await jwksKids(first.origin);

    const rotated = await adminCli(['rotate-keys'], serverEnv(first.config));
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.match(rotated.stdout, /Restart every server process/);
    await first.stop();

    const second = await start();
    const keys = await browseridKeys(second.origin);
    assert.equal(keys.length, 2, 'the new key and the previous one');
    assert.notEqual(keys[0]!.kid, oldBrowserIdKey!.kid);
    assert.deepEqual(keys[1], oldBrowserIdKey, 'the old key is published as it was');
    assert.ok(verifiesAgainst(oldCert, keys), 'a certificate from before still verifies');
    const again = await Client.login(second.origin, client.email, PASSWORD);
    const newCert = await again.signCertificate(publicKey, HOUR);
    assert.equal(decodeJws(newCert).header.kid, keys[0]!.kid, 'new ones carry the new key');
    assert.ok(verifiesAgainst(newCert, keys));

    const kids = await jwksKids(second.origin);
    assert.equal(kids.length, 2);
    assert.equal(kids[1], oldOAuthKid);
    const verified = await verifyToken(new Api(second.origin), oldAccessToken);
    assert.equal(
      verified.status,
      200,
      `an access token from before still verifies: ${verified.text}`,
    );
  });

  it('refuses a second rotation while the previous key may still be needed, unless forced', async () => {
    const env = serverEnv(server!.config);
    const refused = await adminCli(['rotate-keys'], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /rotating now would stop publishing it.*--force/s);
    const forced = await adminCli(['rotate-keys', '--force'], env);
    assert.equal(forced.code, 0, forced.stderr);
  });
});

describeEachDatabase('admin CLI: test-mail', (db) => {
  let sink: MailSink;
  let server: TestServer;
  before(async () => {
    sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
    server = await startTestServer({ databaseUrl: db().url });
  });
  after(async () => {
    await server.stop();
    await sink.close();
  });

  it('delivers a test message through the configured SMTP server', async () => {
    const to = randomEmail('postmaster');
    const env = { ...serverEnv(server.config), MAIL_SINK: 'false', SMTP_URL: sink.smtpUrl };
    const out = await adminCli(['test-mail', to], env);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, new RegExp(`sent a test message to ${to}`));
    const [mail] = await new Mailbox(sink.httpUrl).waitFor(to);
    assert.match(String(mail?.subject), /Test message/);
  });

  it('says what went wrong when the relay cannot be reached', async () => {
    const env = { ...serverEnv(server.config), MAIL_SINK: 'false', SMTP_URL: 'smtp://127.0.0.1:1' };
    const out = await adminCli(['test-mail', randomEmail()], env);
    assert.equal(out.code, 1);
    assert.match(out.stderr, /smtp:\/\/127\.0\.0\.1:1.*refused the message.*ECONNREFUSED/);
  });
});
