// The frame every message shares: a heading, paragraphs, an optional code to
// type in, one call to action,
// an optional footnote, the raw link for clients that hide buttons, and the
// support line. Each message is written twice from the same parts, as plain
// text and as HTML, so both alternatives always say the same thing.
//
// Every value that reaches the HTML goes through escapeHtml, including the
// translations and the links: an address or a redirectTo value may hold
// `&`, quotes or angle brackets, and none of them may become markup.
import type { MailStrings, MessageStrings } from '../locales/types.js';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

/** What a template hands the layout: one locale's words plus the values to fill in. */
export interface LayoutInput {
  lang: string;
  message: MessageStrings;
  common: MailStrings['common'];
  /** Placeholder values, e.g. { email }; filled into every string of the message. */
  vars: Record<string, string>;
  link: string;
  supportUrl: string;
  /** A code to type in, shown large between the paragraphs and the link. */
  code?: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Replaces `{name}` with vars[name]; unknown placeholders stay visible rather than vanish. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

export function renderLayout(input: LayoutInput): Rendered {
  const { message, vars } = input;
  return {
    subject: fill(message.subject, vars),
    text: renderText(input),
    html: renderHtml(input),
  };
}

function renderText({ message, common, vars, link, supportUrl, code }: LayoutInput): string {
  const blocks = [
    fill(message.heading, vars),
    ...message.body.map((p) => fill(p, vars)),
    ...(code === undefined ? [] : [code]),
    // A label and its link on separate lines, without punctuation between
    // them: the right colon differs by language, and a URL alone on its line
    // is what plain-text clients turn into a link most reliably.
    `${fill(message.action, vars)}\n${link}`,
  ];
  if (message.footnote) blocks.push(fill(message.footnote, vars));
  blocks.push(`${common.supportIntro} ${common.supportLink}\n${supportUrl}`, common.automated);
  return blocks.join('\n\n') + '\n';
}

const STYLE = {
  body: 'margin:0;padding:24px;background:#f0f0f4;font-family:Helvetica,Arial,sans-serif;color:#15141a;line-height:1.5',
  card: 'max-width:560px;margin:0 auto;background:#ffffff;padding:32px;border-radius:8px',
  button:
    'display:inline-block;background:#0060df;color:#ffffff;padding:12px 24px;border-radius:4px;text-decoration:none',
  small: 'font-size:13px;color:#5b5b66',
  code: 'margin:24px 0;text-align:center;font-size:32px;letter-spacing:6px;font-family:Menlo,Consolas,monospace',
};

function renderHtml({ lang, message, common, vars, link, supportUrl, code }: LayoutInput): string {
  const text = (s: string): string => escapeHtml(fill(s, vars));
  const href = escapeHtml(link);
  const lines = [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(lang)}">`,
    '<head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${text(message.subject)}</title></head>`,
    `<body style="${STYLE.body}"><div style="${STYLE.card}">`,
    `<h1 style="font-size:22px;font-weight:normal">${text(message.heading)}</h1>`,
    ...message.body.map((p) => `<p>${text(p)}</p>`),
    ...(code === undefined
      ? []
      : [`<p style="${STYLE.code}"><strong>${escapeHtml(code)}</strong></p>`]),
    `<p style="margin:32px 0;text-align:center"><a href="${href}" style="${STYLE.button}">${text(message.action)}</a></p>`,
  ];
  if (message.footnote) lines.push(`<p>${text(message.footnote)}</p>`);
  lines.push(
    `<p style="${STYLE.small}">${text(common.linkFallback)}<br><a href="${href}">${href}</a></p>`,
    '<hr style="border:none;border-top:1px solid #e0e0e6">',
    `<p style="${STYLE.small}">${text(common.supportIntro)} <a href="${escapeHtml(supportUrl)}">${text(common.supportLink)}</a></p>`,
    `<p style="${STYLE.small}">${text(common.automated)}</p>`,
    '</div></body></html>',
  );
  return lines.join('\n') + '\n';
}
