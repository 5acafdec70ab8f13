// Shared joi atoms for request validation. Payload objects allow unknown keys
// (set once in server.ts) because current Firefox sends extras such as
// metricsContext; every field we do read is checked here, with limits.
import { domainToASCII } from 'node:url';
import Joi from 'joi';
import type { LinkOptions } from '../mailer/mailer.js';

const HEX = /^(?:[a-fA-F0-9]{2})+$/;

/** Exactly `bytes` bytes as hex (either case, as FxA accepts). */
export const hex = (bytes: number) =>
  Joi.string()
    .length(bytes * 2)
    .pattern(HEX);

/**
 * Up to `bytes` bytes as hex: the 2015 server's shape for the values in a
 * mailed link, which it only passed on to the content server.
 */
export const hexUpTo = (bytes: number) =>
  Joi.string()
    .max(bytes * 2)
    .pattern(HEX);

// api-v1.md §2: the local part takes the FxA character class plus any
// non-ASCII letter, which FxA admits through punycode; the domain must
// survive IDNA and use only LDH labels. Unlike FxA (whose regex range also
// lets ',' in), no separator is allowed: mail libraries split recipient
// lists on it, so `x,victim@example.com` would deliver to the victim.
const LOCAL_PART = /^[\p{L}\p{M}\p{N}.!#$%&'*+\-/=?^_`{|}~]+$/u;
const DOMAIN =
  /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

export function isValidEmailAddress(value: string): boolean {
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return false;
  const local = value.slice(0, at);
  const domain = domainToASCII(value.slice(at + 1));
  return LOCAL_PART.test(local) && domain !== '' && DOMAIN.test(domain);
}

// The stored normalizedEmail is lower-cased, and lower-casing can lengthen a
// string ('İ' becomes two code points), so the limit applies to that too.
export const email = () =>
  Joi.string()
    .max(255)
    .custom((value: string, helpers) =>
      isValidEmailAddress(value) && value.toLowerCase().length <= 255
        ? value
        : helpers.error('any.invalid'),
    );

export const authPW = hex(32);
/** A sign-in unblock code as FxA clients send it: 8 letters or digits, any case. */
export const unblockCode = Joi.string()
  .length(8)
  .pattern(/^[a-zA-Z0-9]+$/);
export const service = Joi.string().max(16).alphanum();
export const resume = Joi.string().max(2048);
/**
 * Where a client may ask mail links to send the user: http(s) on the
 * configured domain or a subdomain of it, so mail from this server cannot
 * be turned into an open redirect.
 */
export const redirectTo = (domain: string) =>
  Joi.string()
    .max(512)
    .uri({ scheme: ['http', 'https'] })
    .custom((value: string, helpers) => {
      const host = new URL(value).hostname;
      return host === domain || host.endsWith(`.${domain}`) ? value : helpers.error('any.invalid');
    });

/** The optional fields that shape mail links, shared by every mail-sending route. */
export const linkFields = (domain: string) => ({ service, redirectTo: redirectTo(domain), resume });

/** `?keys=true` asks for a keyFetchToken; any other value is ignored, as in FxA. */
export const keysQuery = Joi.object({ keys: Joi.string().max(16), service });

/**
 * The stored locale: Accept-Language cut at a comma boundary to under 255
 * characters, so it fits the column without splitting a language tag.
 */
export function localeFrom(header: string | undefined): string | null {
  if (!header) return null;
  let value = header.trim();
  while (value.length >= 255) {
    const comma = value.lastIndexOf(',');
    value = comma > 0 ? value.slice(0, comma) : '';
  }
  // `*` (what fetch sends when told nothing) names no language at all.
  return value === '' || value === '*' ? null : value;
}

/** The link fields of a request; `service` may also come in the query string. */
export function linkOptions(payload: unknown, query: unknown): LinkOptions {
  const p = (payload ?? {}) as LinkOptions;
  const q = (query ?? {}) as LinkOptions;
  const out: LinkOptions = {};
  const service = p.service ?? q.service;
  if (service) out.service = service;
  if (p.redirectTo) out.redirectTo = p.redirectTo;
  if (p.resume) out.resume = p.resume;
  return out;
}
