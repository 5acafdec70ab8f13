// The operator's test message (`admin test-mail`): sent through the same
// SMTP settings as every other mail, but awaited, unlike the intents of
// mailer.ts, because the point is to see whether the relay takes it and,
// when it does not, what it said.
import { createTransport } from 'nodemailer';
import { describeError, describeSmtpUrl } from './index.js';

const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 30_000 };

export interface TestMail {
  smtpUrl: string;
  sender: string;
  to: string;
  /** Named in the message, so the reader knows which server sent it. */
  publicUrl: string;
}

/** Resolves with the relay's message id; rejects with what went wrong, password left out. */
export async function sendTestMail(mail: TestMail): Promise<{ messageId: string }> {
  const transport = createTransport({ url: mail.smtpUrl, ...TIMEOUTS });
  try {
    const info = await transport.sendMail({
      from: mail.sender,
      to: { name: '', address: mail.to },
      subject: 'Test message from your Firefox Accounts server',
      text:
        `This message was sent by the administrator of ${mail.publicUrl} to check ` +
        `that mail from the server is delivered.\n\nSent ${new Date().toISOString()}.\n`,
      headers: { 'X-Fxa-Test-Mail': '1' },
    });
    return { messageId: String(info.messageId) };
  } catch (err) {
    const d = describeError(err);
    const detail = [d.errorCode, d.responseCode].filter((x) => x !== undefined).join(' ');
    throw new Error(
      `${describeSmtpUrl(mail.smtpUrl)} refused the message${detail ? ` (${detail})` : ''}: ${d.message}`,
    );
  } finally {
    transport.close();
  }
}
