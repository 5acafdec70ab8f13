// Delivery runs off the request path: a send returns at once, a failure is
// logged and counted but never thrown, and drain() waits for what is in
// flight. These tests break the SMTP side on purpose to watch that happen.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { createLogger } from '../log.js';
import { startMailSink, type MailSink } from '../mail-sink/index.js';
import { Mailbox } from '../../test/helpers/mailbox.js';
import { createMailer, type MailAccount, type Mailer } from './index.js';

/** A logger whose lines the test can read back. */
function capturedLog() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString());
      cb();
    },
  });
  return { log: createLogger('info', stream), lines };
}

function mailerAt(smtpUrl: string, log = capturedLog().log, onVerifyLink?: () => void): Mailer {
  return createMailer({
    smtpUrl,
    sender: 'no-reply@example.test',
    contentServerUrl: 'https://accounts.example.test',
    syncUrl: 'https://sync.example.test',
    supportUrl: 'https://support.example.test',
    log,
    onVerifyLink,
  });
}

const account = (): MailAccount => ({
  uid: randomBytes(16),
  email: `${randomBytes(4).toString('hex')}@example.test`,
  locale: null,
});

async function listening(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function closedPort(): Promise<number> {
  const probe = createServer();
  const port = await listening(probe);
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('a relay that refuses connections', () => {
  it('counts and logs the failure without throwing or rejecting', async () => {
    const { log, lines } = capturedLog();
    let linksSeen = 0;
    const mailer = mailerAt(`smtp://user:s3cretpw@127.0.0.1:${await closedPort()}`, log, () => {
      linksSeen += 1;
    });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const a = account();
      const code = randomBytes(16);
      assert.equal(mailer.sendVerifyCode(a, code), undefined);
      await mailer.drain();
      await new Promise((resolve) => setImmediate(resolve));

      assert.equal(mailer.failures, 1);
      assert.equal(linksSeen, 1, 'the dev link is announced even when delivery fails');
      assert.deepEqual(unhandled, []);
      const errors = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const failure = errors.find((l) => l.level === 50);
      assert.ok(failure, 'an error line is logged');
      assert.equal(failure.intent, 'verifyEmail');
      assert.equal(failure.uid, a.uid.toString('hex'));
      const cause = failure.cause as { message?: string; errorCode?: string };
      assert.match(cause.message ?? '', /ECONNREFUSED/);
      assert.match(cause.errorCode ?? '', /^E[A-Z]+$/);
      const all = lines.join('');
      assert.ok(!all.includes('s3cretpw'), 'the SMTP password is never logged');
      assert.ok(!all.includes(code.toString('hex')), 'the code is never logged');
      assert.ok(!all.includes(a.email), 'the address is never logged');
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await mailer.close();
    }
  });

  it('counts every failed intent', async () => {
    const mailer = mailerAt(`smtp://127.0.0.1:${await closedPort()}`);
    const a = account();
    mailer.sendRecoveryCode(a, randomBytes(32), randomBytes(16));
    mailer.sendPasswordChanged(a);
    mailer.sendPasswordReset(a);
    mailer.sendPostVerify(a);
    await mailer.drain();
    assert.equal(mailer.failures, 4);
    await mailer.close();
  });
});

describe('a relay that never answers', () => {
  const sockets = new Set<Socket>();
  const silent = createServer((s) => void sockets.add(s));
  let port: number;
  before(async () => {
    port = await listening(silent);
  });
  after(() => new Promise((resolve) => silent.close(resolve)));

  it('leaves the caller free while drain() waits for the send', async () => {
    const mailer = mailerAt(`smtp://127.0.0.1:${port}`);
    mailer.sendPasswordChanged(account());
    let drained = false;
    const draining = mailer.drain().then(() => (drained = true));
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(drained, false, 'drain waits while the relay stays silent');
    assert.equal(mailer.failures, 0);

    for (const s of sockets) s.destroy();
    await draining;
    assert.equal(mailer.failures, 1);
    await mailer.close();
  });
});

describe('a working relay', () => {
  let sink: MailSink;
  let mailbox: Mailbox;
  before(async () => {
    sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
    mailbox = new Mailbox(sink.httpUrl);
  });
  after(() => sink.close());

  it('drain() resolves only once every send has been delivered', async () => {
    const mailer = mailerAt(sink.smtpUrl);
    const a = account();
    for (let i = 0; i < 5; i++) mailer.sendPostVerify(a);
    await mailer.drain();
    assert.equal((await mailbox.messages(a.email)).length, 5);
    assert.equal(mailer.failures, 0);
    await mailer.close();
  });

  it('close() delivers what is in flight, then refuses new sends without throwing', async () => {
    const { log, lines } = capturedLog();
    const mailer = mailerAt(sink.smtpUrl, log);
    const a = account();
    mailer.sendPasswordReset(a);
    await mailer.close();
    assert.equal((await mailbox.messages(a.email)).length, 1);

    mailer.sendPasswordReset(a);
    await mailer.drain();
    assert.equal(mailer.failures, 1);
    assert.match(lines.join(''), /mailer is closed/);
  });

  it('logs one summary line per sent mail, without the code', async () => {
    const { log, lines } = capturedLog();
    const mailer = mailerAt(sink.smtpUrl, log);
    const a = account();
    const code = randomBytes(16);
    mailer.sendVerifyCode(a, code);
    await mailer.close();
    const sent = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(sent.length, 1);
    assert.equal(sent[0]?.level, 30);
    assert.equal(sent[0]?.intent, 'verifyEmail');
    assert.equal(sent[0]?.uid, a.uid.toString('hex'));
    assert.ok(!lines.join('').includes(code.toString('hex')));
  });
});
