// What production mode refuses, and the development defaults that stand in
// for settings production must be given. A server that starts on a loopback
// PUBLIC_URL fails every Hawk call from outside; one that starts without
// SMTP_URL, or with the mail sink on, mails nobody; preVerified sign-ups let
// anyone claim any address. Each of those starts without a word otherwise,
// so production refuses them at once and says what to set.
import { BlockList, isIP } from 'node:net';

/** The settings the checks read, as loaded and before any default is filled in. */
export interface RawSettings {
  env: string;
  publicUrl: string;
  listen: { host: string; port: number };
  mail: { smtpUrl: string; sink: { enabled: boolean | null } };
  account: { allowPreVerified: boolean | null };
}

/** Why the configuration cannot serve production, one line per setting; empty when it can. */
export function productionProblems(s: RawSettings): string[] {
  if (s.env !== 'production') return [];
  const problems: string[] = [];
  if (s.publicUrl === '') {
    problems.push(
      'PUBLIC_URL is not set: set it to the URL clients reach this server at, e.g. PUBLIC_URL=https://accounts.example.com',
    );
  } else if (isLocalHost(new URL(s.publicUrl).hostname)) {
    problems.push(
      `PUBLIC_URL=${s.publicUrl} is a loopback address that no other machine can reach (Hawk signatures cover its host): set it to the public URL, e.g. PUBLIC_URL=https://accounts.example.com`,
    );
  }
  if (s.mail.sink.enabled === true) {
    problems.push(
      'MAIL_SINK=true keeps every mail inside this process: remove MAIL_SINK and set SMTP_URL',
    );
  }
  if (s.mail.smtpUrl === '') {
    problems.push(
      'SMTP_URL is not set, so no verification code could be mailed: set it, e.g. SMTP_URL=smtps://user:password@smtp.example.com:465',
    );
  }
  if (s.account.allowPreVerified === true) {
    problems.push(
      'ALLOW_PRE_VERIFIED=true lets anyone create a verified account for an address they do not own: remove ALLOW_PRE_VERIFIED',
    );
  }
  return problems;
}

/** Thrown by loadConfig when production mode finds settings it must not start on. */
export class ProductionConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `refusing to start with NODE_ENV=production:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ProductionConfigError';
  }
}

/**
 * The development PUBLIC_URL: where this process listens, so that a changed
 * PORT or HOST keeps Hawk signatures (which cover host and port) matching.
 * A wildcard address is reached through loopback.
 */
export function developmentPublicUrl(host: string, port: number): string {
  const reachable = host === '' || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const literal = reachable.includes(':') ? `[${reachable}]` : reachable;
  return `http://${literal}:${port}`;
}

// The addresses that reach only this machine. BlockList matches an
// IPv4-mapped IPv6 address (::ffff:127.0.0.1) against the IPv4 entries.
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('0.0.0.0', 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addAddress('::', 'ipv6');

/**
 * localhost, *.localhost, 127.0.0.0/8, ::1 and the wildcard addresses, in
 * any spelling the URL parser keeps: it lower-cases names and folds
 * numeric IPv4 forms, but leaves a fully qualified `localhost.` and an
 * IPv4-mapped `[::ffff:7f00:1]` as they are.
 */
function isLocalHost(hostname: string): boolean {
  const h = hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.+$/, '');
  const family = isIP(h);
  if (family !== 0) return LOOPBACK.check(h, family === 6 ? 'ipv6' : 'ipv4');
  return h === 'localhost' || h.endsWith('.localhost');
}
