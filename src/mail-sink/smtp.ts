// The receiving side of the sink: an SMTP server that takes any message from
// anyone, to anyone, and files it under each envelope recipient. It is for
// loopback use only, so it speaks plain SMTP (no STARTTLS) and accepts any
// credentials, which lets a mailer configured with smtp://user:pass@ talk to
// it unchanged. The reply to DATA comes only after the message is stored, so
// a sender that has finished sending can read its mail at once.
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import PostalMime, { decodeWords, type Email } from 'postal-mime';
import type { Logger } from '../log.js';
import type { Mail, MailStore } from './store.js';

const MAX_MESSAGE_BYTES = 1024 * 1024;

export function createSmtpServer(store: MailStore, log?: Logger): SMTPServer {
  return new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    // Open connections get this long to finish once close() is called.
    closeTimeout: 1000,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onData(stream, session, callback) {
      receive(stream, session, store).then(
        () => callback(),
        (err: unknown) => {
          log?.warn({ err }, 'mail sink could not store a message');
          callback(err instanceof Error ? err : new Error(String(err)));
        },
      );
    },
  });
}

async function receive(
  stream: SMTPServerDataStream,
  session: SMTPServerSession,
  store: MailStore,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  if (stream.sizeExceeded) {
    throw Object.assign(new Error('Message exceeds the size limit'), { responseCode: 552 });
  }
  const mail = toMail(await PostalMime.parse(Buffer.concat(chunks)));
  for (const rcpt of session.envelope.rcptTo) store.add(rcpt.address, mail);
}

function toMail(email: Email): Mail {
  const headers: Record<string, string> = {};
  for (const { key, value } of email.headers) {
    // Encoded words (RFC 2047) are decoded so a test reads what a person would.
    headers[key] ??= decodeWords(value);
  }
  return {
    headers,
    subject: email.subject ?? '',
    text: email.text ?? '',
    html: email.html ?? '',
  };
}
