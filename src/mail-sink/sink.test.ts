// The sink end to end: raw SMTP in, JSON out. The SMTP side is driven by a
// few lines of hand-written protocol so the test controls every command.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { Mailbox } from '../../test/helpers/mailbox.js';
import { startMailSink, type MailSink } from './index.js';

interface Envelope {
  from: string;
  to: string[];
  data: string;
  auth?: { user: string; pass: string };
}

/** Speaks just enough SMTP to send one message; resolves with the reply to the data. */
async function smtpSend(smtpUrl: string, env: Envelope): Promise<string> {
  const { hostname, port } = new URL(smtpUrl);
  const socket = connect(Number(port), hostname);
  let buffer = '';
  const waiting: ((reply: string) => void)[] = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    // A reply ends with a line whose code is followed by a space.
    let m: RegExpExecArray | null;
    while ((m = /^(?:\d{3}-.*\r\n)*\d{3} .*\r\n/.exec(buffer))) {
      buffer = buffer.slice(m[0].length);
      waiting.shift()?.(m[0]);
    }
  });
  const reply = (): Promise<string> => new Promise((resolve) => waiting.push(resolve));
  const command = async (line: string, expect: RegExp): Promise<string> => {
    const next = reply();
    socket.write(`${line}\r\n`);
    const r = await next;
    assert.match(r, expect, `reply to ${line.split(' ')[0]}`);
    return r;
  };

  try {
    assert.match(await reply(), /^220/);
    await command('EHLO test.local', /^250/);
    if (env.auth) {
      const token = Buffer.from(`\0${env.auth.user}\0${env.auth.pass}`).toString('base64');
      await command(`AUTH PLAIN ${token}`, /^235/);
    }
    await command(`MAIL FROM:<${env.from}>`, /^250/);
    for (const to of env.to) await command(`RCPT TO:<${to}>`, /^250/);
    await command('DATA', /^354/);
    const result = await command(`${env.data.replace(/\r?\n/g, '\r\n')}\r\n.`, /^\d{3}/);
    await command('QUIT', /^221/);
    return result;
  } finally {
    socket.destroy();
  }
}

const MESSAGE = `From: sender@example.test
To: Bob <Bob@Example.test>
Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=
X-Link: https://example.test/v1/verify_email?uid=00&code=11
X-Repeated: first
X-Repeated: second
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

Hallo Bob
--b
Content-Type: text/html; charset=utf-8

<p>Hallo Bob</p>
--b--`;

describe('mail sink', () => {
  let sink: MailSink;
  let mailbox: Mailbox;
  before(async () => {
    sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
    mailbox = new Mailbox(sink.httpUrl);
  });
  after(() => sink.close());

  it('listens on real ports on loopback', () => {
    assert.match(sink.smtpUrl, /^smtp:\/\/127\.0\.0\.1:[1-9]\d*$/);
    assert.match(sink.httpUrl, /^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
  });

  it('files a message under every envelope recipient, parsed', async () => {
    const reply = await smtpSend(sink.smtpUrl, {
      from: 'sender@example.test',
      to: ['Bob@Example.test', 'carol@example.test'],
      data: MESSAGE,
    });
    assert.match(reply, /^250/);
    for (const address of ['bob@example.test', 'BOB@example.TEST', 'carol@example.test']) {
      const [mail, ...rest] = await mailbox.messages(address);
      assert.equal(rest.length, 0);
      assert.equal(mail?.subject, 'Grüße');
      assert.equal(mail.headers.subject, 'Grüße');
      assert.equal(mail.headers['x-link'], 'https://example.test/v1/verify_email?uid=00&code=11');
      assert.equal(mail.headers['x-repeated'], 'first');
      assert.equal(mail.text.trim(), 'Hallo Bob');
      assert.equal(mail.html.trim(), '<p>Hallo Bob</p>');
    }
  });

  it('accepts any credentials', async () => {
    const reply = await smtpSend(sink.smtpUrl, {
      from: 'a@example.test',
      to: ['auth@example.test'],
      data: 'Subject: with auth\n\nbody',
      auth: { user: 'anyone', pass: 'anything' },
    });
    assert.match(reply, /^250/);
    assert.equal((await mailbox.messages('auth@example.test'))[0]?.subject, 'with auth');
  });

  it('refuses a message over the size limit and stores nothing', async () => {
    const big = `Subject: big\n\n${'x'.repeat(76)}\n`.repeat(15_000);
    const reply = await smtpSend(sink.smtpUrl, {
      from: 'a@example.test',
      to: ['big@example.test'],
      data: big,
    });
    assert.match(reply, /^552/);
    assert.deepEqual(await mailbox.messages('big@example.test'), []);
  });

  it('answers an empty list for an address without mail', async () => {
    assert.deepEqual(await mailbox.messages('nobody@example.test'), []);
  });

  it('URL-decodes the address in the path', async () => {
    await smtpSend(sink.smtpUrl, {
      from: 'a@example.test',
      to: ['plus+tag@example.test'],
      data: 'Subject: plus\n\nbody',
    });
    const res = await fetch(`${sink.httpUrl}/mail/plus%2Btag%40example.test`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { subject: string }[])[0]?.subject, 'plus');
  });

  it('DELETE clears one mailbox', async () => {
    const data = 'Subject: to clear\n\nbody';
    await smtpSend(sink.smtpUrl, { from: 'a@example.test', to: ['d@example.test'], data });
    await smtpSend(sink.smtpUrl, { from: 'a@example.test', to: ['e@example.test'], data });
    const res = await fetch(`${sink.httpUrl}/mail/D%40example.test`, { method: 'DELETE' });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {});
    assert.deepEqual(await mailbox.messages('d@example.test'), []);
    assert.equal((await mailbox.messages('e@example.test')).length, 1);
  });

  it('answers 404 to anything else', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', '/mail/'],
      ['GET', '/mail'],
      ['GET', '/other/a@example.test'],
      ['GET', '/mail/%E0%A4%A'],
      ['POST', '/mail/a@example.test'],
      ['PUT', '/mail/a@example.test'],
    ] as const) {
      const res = await fetch(`${sink.httpUrl}${path}`, { method });
      assert.equal(res.status, 404, `${method} ${path}`);
      await res.body?.cancel();
    }
  });

  it('waitFor polls until enough matching mail arrives', async () => {
    const waiting = mailbox.waitFor('late@example.test', {
      count: 2,
      match: (m) => m.subject.startsWith('wanted'),
    });
    for (const subject of ['wanted 1', 'other', 'wanted 2']) {
      await smtpSend(sink.smtpUrl, {
        from: 'a@example.test',
        to: ['late@example.test'],
        data: `Subject: ${subject}\n\nbody`,
      });
    }
    assert.deepEqual(
      (await waiting).map((m) => m.subject),
      ['wanted 1', 'wanted 2'],
    );
  });

  it('waitFor gives up after its timeout', async () => {
    await assert.rejects(
      mailbox.waitFor('never@example.test', { timeoutMs: 100 }),
      /expected 1 message\(s\) to never@example.test within 100 ms, got 0/,
    );
  });
});

describe('starting and closing the sink', () => {
  it('rejects when a port is taken', async () => {
    const first = await startMailSink({ smtpPort: 0, httpPort: 0 });
    try {
      const smtpPort = Number(new URL(first.smtpUrl).port);
      const httpPort = Number(new URL(first.httpUrl).port);
      await assert.rejects(startMailSink({ smtpPort, httpPort: 0 }), /EADDRINUSE/);
      await assert.rejects(startMailSink({ smtpPort: 0, httpPort }), /EADDRINUSE/);
    } finally {
      await first.close();
    }
  });

  it('stops both servers', async () => {
    const sink = await startMailSink({ smtpPort: 0, httpPort: 0 });
    await sink.close();
    await assert.rejects(fetch(`${sink.httpUrl}/mail/a@example.test`));
    const { hostname, port } = new URL(sink.smtpUrl);
    await assert.rejects(
      new Promise((resolve, reject) => {
        const s = connect(Number(port), hostname, () => resolve(s.destroy()));
        s.on('error', reject);
      }),
    );
  });
});
