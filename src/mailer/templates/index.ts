// One template per intent. A template takes a locale's strings and the
// values its message needs, and returns the subject, text and HTML. The
// words live in locales/, the frame in layout.ts; what a template decides is
// which words and which link, and which values the reader sees filled in.
import type { MailStrings } from '../locales/types.js';
import { renderLayout, type Rendered } from './layout.js';

export type { Rendered } from './layout.js';

/** The locale a message is written in, and where its support link points. */
export interface TemplateContext {
  lang: string;
  strings: MailStrings;
  supportUrl: string;
}

/** "Verify your account": sent at sign-up and on resend_code. */
export function verifyEmail(ctx: TemplateContext, p: { email: string; link: string }): Rendered {
  return render(ctx, 'verifyEmail', { email: p.email }, p.link);
}

/** The 6-digit code to type into the waiting page, with the verification link as a fallback. */
export function verifyShortCode(
  ctx: TemplateContext,
  p: { email: string; code: string; link: string },
): Rendered {
  return render(ctx, 'verifyShortCode', { email: p.email }, p.link, p.code);
}

/**
 * "Reset your password": the code to type into the page that asked, and the
 * link that carries the passwordForgotToken and the same code.
 */
export function recoveryCode(
  ctx: TemplateContext,
  p: { email: string; code: string; link: string },
): Rendered {
  return render(ctx, 'recoveryCode', { email: p.email }, p.link, p.code);
}

/** Notice after /password/change/finish; the link starts a reset in case it was not the user. */
export function passwordChanged(
  ctx: TemplateContext,
  p: { email: string; link: string },
): Rendered {
  return render(ctx, 'passwordChanged', { email: p.email }, p.link);
}

/** Notice after /password/forgot/verify_code; the link starts another reset. */
export function passwordReset(ctx: TemplateContext, p: { email: string; link: string }): Rendered {
  return render(ctx, 'passwordReset', { email: p.email }, p.link);
}

/** Welcome after the address is confirmed; the link explains setting up Sync elsewhere. */
export function postVerify(ctx: TemplateContext, p: { link: string }): Rendered {
  return render(ctx, 'postVerify', {}, p.link);
}

/** A sign-in unblock code to type; the link reports a sign-in the reader did not make. */
export function unblockCode(
  ctx: TemplateContext,
  p: { email: string; code: string; link: string },
): Rendered {
  return render(ctx, 'unblockCode', { email: p.email, code: p.code }, p.link);
}

type MessageKey = Exclude<keyof MailStrings, 'common'>;

function render(
  ctx: TemplateContext,
  key: MessageKey,
  vars: Record<string, string>,
  link: string,
  code?: string,
): Rendered {
  return renderLayout({
    lang: ctx.lang,
    message: ctx.strings[key],
    common: ctx.strings.common,
    vars,
    link,
    supportUrl: ctx.supportUrl,
    ...(code === undefined ? {} : { code }),
  });
}
