// `test-mail <address>`: one message through the mail settings the server
// uses. With the development sink on, that is the sink of the running
// server, when its port is fixed; it keeps what it receives in memory.
import Joi from 'joi';
import { describeSmtpUrl } from '../mailer/index.js';
import { sendTestMail } from '../mailer/test-mail.js';
import type { Context } from './context.js';
import { AdminError, UsageError, type Result } from './output.js';

export async function testMail(ctx: Context, to: string | undefined): Promise<Result> {
  if (!to || Joi.string().email({ tlds: false }).validate(to).error) {
    throw new UsageError('test-mail takes the address to send to');
  }
  const { mail, publicUrl } = ctx.config;
  const smtpUrl = mail.sink.enabled ? sinkUrl(mail.sink.smtpPort) : mail.smtpUrl;
  let messageId: string;
  try {
    ({ messageId } = await sendTestMail({ smtpUrl, sender: mail.sender, to, publicUrl }));
  } catch (err) {
    throw new AdminError(err instanceof Error ? err.message : String(err));
  }
  const via = describeSmtpUrl(smtpUrl);
  return {
    text: `sent a test message to ${to} through ${via}; the relay took it as ${messageId}`,
    json: { to, smtp: via, messageId },
  };
}

function sinkUrl(port: number): string {
  if (port === 0) {
    throw new AdminError(
      'the development mail sink is on (MAIL_SINK) on a random port; ' +
        'set MAIL_SINK=false and SMTP_URL to test real delivery',
    );
  }
  return `smtp://127.0.0.1:${port}`;
}
