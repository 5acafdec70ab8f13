// The SMTP implementation of Mailer (mailer.ts), and the only importer of
// nodemailer. A send method renders nothing and awaits nothing on behalf of
// its caller: it starts a delivery and returns. Each delivery is a promise
// that settles without ever rejecting (a failure is logged and counted
// instead, as fxa_mail_failed_total), kept in a set until it settles so
// drain() can wait for the deliveries still in flight at shutdown.
//
// Log lines name the intent and the account uid. They never carry a message
// body, a code, a token or the SMTP password.
import { createTransport } from 'nodemailer';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics/metrics.js';
import { localeFor } from './language.js';
import { createLinks } from './links.js';
import type { LinkOptions, MailAccount, Mailer } from './mailer.js';
import * as templates from './templates/index.js';
import type { Rendered, TemplateContext } from './templates/index.js';

export type { LinkOptions, MailAccount, Mailer } from './mailer.js';

export interface MailerOptions {
  /**
   * smtp://user:pass@host:587 connects in plain text and upgrades with
   * STARTTLS when the server offers it (add ?requireTLS=true to refuse a
   * server that does not); smtps://user:pass@host:465 speaks TLS from the
   * first byte. Query parameters set further nodemailer SMTP options.
   */
  smtpUrl: string;
  /** The From header, e.g. `Firefox Accounts <no-reply@example.com>`. */
  sender: string;
  contentServerUrl: string;
  /** The link of the post-verify message. */
  syncUrl: string;
  /** Linked from every message. */
  supportUrl: string;
  log: Logger;
  /** Called with each verification link as it is sent, so dev mode can print it. */
  onVerifyLink?: (email: string, link: string) => void;
  /** Which notices without a code are sent; all of them when absent. */
  notices?: Notices;
  /** Counts each mail sent and failed, by intent. */
  metrics?: Pick<Metrics, 'mailSent' | 'mailFailed'>;
}

/** The notices (mails without a code) that can be switched off. */
export interface Notices {
  postVerify: boolean;
  passwordChanged: boolean;
  passwordReset: boolean;
}

const ALL_NOTICES: Notices = { postVerify: true, passwordChanged: true, passwordReset: true };

type Intent = keyof typeof templates;

interface Outgoing {
  rendered: Rendered;
  headers: Record<string, string>;
}

// Short enough that a dead relay cannot hold shutdown for minutes, long
// enough for a slow but working one.
const TIMEOUTS = { connectionTimeout: 15_000, greetingTimeout: 15_000, socketTimeout: 60_000 };

export function createMailer(opts: MailerOptions): Mailer {
  const { log, sender, supportUrl } = opts;
  // Settings in the URL win over these defaults.
  const transport = createTransport({ url: opts.smtpUrl, ...TIMEOUTS });
  const links = createLinks(opts.contentServerUrl, opts.syncUrl);
  const notices = opts.notices ?? ALL_NOTICES;
  const inFlight = new Set<Promise<void>>();
  let failures = 0;
  let closed = false;

  function dispatch(intent: Intent, account: MailAccount, build: Build): void {
    const job: Promise<void> = deliver(intent, account, build).finally(() => inFlight.delete(job));
    inFlight.add(job);
  }

  // Async from its first line, so even a throw while rendering becomes a
  // counted failure rather than an exception in the caller's request.
  async function deliver(intent: Intent, account: MailAccount, build: Build): Promise<void> {
    let uid: string | undefined;
    try {
      uid = account.uid.toString('hex');
      if (closed) throw new Error('mailer is closed');
      const { tag, strings } = localeFor(account.locale);
      const { rendered, headers } = build({ lang: tag, strings, supportUrl });
      const info = await transport.sendMail({
        from: sender,
        // An address object, so the address is never parsed as a list.
        to: { name: '', address: account.email },
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        headers: { ...headers, 'Content-Language': tag },
      });
      log.info({ intent, uid, locale: tag, messageId: info.messageId }, 'mail sent');
      opts.metrics?.mailSent(intent);
    } catch (err) {
      failures += 1;
      opts.metrics?.mailFailed(intent);
      log.error({ intent, uid, cause: describeError(err) }, 'mail not sent');
    }
  }

  function announceVerifyLink(email: string, link: string): void {
    if (!opts.onVerifyLink) return;
    try {
      opts.onVerifyLink(email, link);
    } catch (err) {
      log.warn({ cause: describeError(err) }, 'onVerifyLink failed');
    }
  }

  return {
    sendVerifyCode(account, code, linkOpts = {}) {
      dispatch('verifyEmail', account, (ctx) => {
        const link = links.verifyEmail(account.uid, code, linkOpts);
        announceVerifyLink(account.email, link);
        return {
          rendered: templates.verifyEmail(ctx, { email: account.email, link }),
          headers: {
            'X-Link': link,
            'X-Uid': account.uid.toString('hex'),
            'X-Verify-Code': code.toString('hex'),
            ...serviceHeader(linkOpts),
          },
        };
      });
    },

    sendVerifyShortCode(account, shortCode, emailCode, linkOpts = {}) {
      dispatch('verifyShortCode', account, (ctx) => {
        const link = links.verifyEmail(account.uid, emailCode, linkOpts);
        announceVerifyLink(account.email, link);
        return {
          rendered: templates.verifyShortCode(ctx, { email: account.email, code: shortCode, link }),
          headers: {
            'X-Link': link,
            'X-Uid': account.uid.toString('hex'),
            'X-Verify-Code': emailCode.toString('hex'),
            // The name FxA's mail uses for this code.
            'X-Verify-Short-Code': shortCode,
            ...serviceHeader(linkOpts),
          },
        };
      });
    },

    sendRecoveryCode(account, passwordForgotToken, code, linkOpts = {}) {
      dispatch('recoveryCode', account, (ctx) => {
        const link = links.recoveryCode(passwordForgotToken, code, account.email, linkOpts);
        return {
          rendered: templates.recoveryCode(ctx, {
            email: account.email,
            // 32 hex digits in groups of four, to read and type; the page ignores the spaces.
            code: code.toString('hex').replace(/(.{4})(?=.)/g, '$1 '),
            link,
          }),
          headers: {
            'X-Link': link,
            'X-Recovery-Code': code.toString('hex'),
            ...serviceHeader(linkOpts),
          },
        };
      });
    },

    sendUnblockCode(account, code) {
      dispatch('unblockCode', account, (ctx) => {
        const link = links.reportSignIn(account.uid, code);
        return {
          rendered: templates.unblockCode(ctx, { email: account.email, code, link }),
          headers: { 'X-Link': link, 'X-Unblock-Code': code, 'X-Uid': account.uid.toString('hex') },
        };
      });
    },

    sendPasswordChanged(account) {
      if (!notices.passwordChanged) return;
      dispatch('passwordChanged', account, (ctx) => {
        const link = links.resetPassword(account.email);
        const rendered = templates.passwordChanged(ctx, { email: account.email, link });
        return { rendered, headers: { 'X-Link': link } };
      });
    },

    sendPasswordReset(account) {
      if (!notices.passwordReset) return;
      dispatch('passwordReset', account, (ctx) => {
        const link = links.resetPassword(account.email);
        const rendered = templates.passwordReset(ctx, { email: account.email, link });
        return { rendered, headers: { 'X-Link': link } };
      });
    },

    sendPostVerify(account) {
      if (!notices.postVerify) return;
      dispatch('postVerify', account, (ctx) => {
        const link = links.postVerify();
        return { rendered: templates.postVerify(ctx, { link }), headers: { 'X-Link': link } };
      });
    },

    get failures() {
      return failures;
    },

    drain,

    async close() {
      closed = true;
      await drain();
      transport.close();
    },
  };

  async function drain(): Promise<void> {
    // Loop: a delivery may start while an earlier batch is awaited.
    while (inFlight.size > 0) await Promise.all(inFlight);
  }
}

type Build = (ctx: TemplateContext) => Outgoing;

function serviceHeader(opts: LinkOptions): Record<string, string> {
  return opts.service ? { 'X-Service-ID': opts.service } : {};
}

/**
 * The loggable part of a failure: its message, nodemailer's error code, the
 * SMTP reply code and the command that failed. The error object itself is
 * not logged, since nodemailer may attach the envelope or connection details
 * to it. The error code goes out as `errorCode` because the logger redacts
 * any field named `code` (it usually holds a verification code).
 */
export function describeError(err: unknown): Record<string, string | number> {
  if (!(err instanceof Error)) return { message: String(err) };
  const out: Record<string, string | number> = { message: err.message };
  const { code, responseCode, command } = err as Error & Record<string, unknown>;
  if (typeof code === 'string') out.errorCode = code;
  if (typeof responseCode === 'number') out.responseCode = responseCode;
  if (typeof command === 'string') out.command = command;
  return out;
}

/** The SMTP URL without its password, fit for a log line. */
export function describeSmtpUrl(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparseable SMTP URL)';
  }
}
