// Picks the language of a message from the Accept-Language string stored on
// the account at sign-up (api-v1.md §7). The header is a list of language
// tags with optional q-values; the user's most preferred tag that we have
// strings for wins. A tag matches a locale exactly, or else by its primary
// subtag, so `de-AT` is served by `de`. A general `de` never picks a regional
// locale such as `de-CH`: that would guess at a preference nobody stated.
// Anything unparseable is skipped rather than rejected, because the stored
// string came from an arbitrary client and a bad header must still get mail.
import * as registry from './locales/index.js';
import type { MailStrings } from './locales/types.js';

export const FALLBACK_LOCALE = 'en';

/** The bundled strings by language tag; registry export names use `_` for `-`. */
const LOCALES: ReadonlyMap<string, MailStrings> = new Map(
  Object.entries(registry).map(([name, strings]) => [name.replace(/_/g, '-'), strings]),
);

export const SUPPORTED_LOCALES: readonly string[] = [...LOCALES.keys()];

interface Preference {
  tag: string;
  q: number;
  /** Position in the header, so equal q-values keep the client's order. */
  index: number;
}

const TAG = /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/;
const Q_PARAM = /^q=(0(\.\d{0,3})?|1(\.0{0,3})?)$/;

/** The tags of an Accept-Language value, most preferred first; `q=0` and junk dropped. */
export function parseAcceptLanguage(header: string): string[] {
  const prefs: Preference[] = [];
  header.split(',').forEach((part, index) => {
    const [rawTag = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!TAG.test(rawTag)) return;
    let q = 1;
    for (const param of params) {
      const m = Q_PARAM.exec(param.replace(/\s+/g, ''));
      if (!m) return;
      q = Number(m[1]);
    }
    if (q > 0) prefs.push({ tag: rawTag, q, index });
  });
  prefs.sort((a, b) => b.q - a.q || a.index - b.index);
  return prefs.map((p) => p.tag);
}

/**
 * The locale (spelled as in `available`) to write a message in for the
 * stored Accept-Language `header`; FALLBACK_LOCALE when nothing matches.
 */
export function chooseLocale(header: string | null, available: readonly string[]): string {
  if (!header) return FALLBACK_LOCALE;
  const byLowerTag = new Map(available.map((tag) => [tag.toLowerCase(), tag]));
  for (const tag of parseAcceptLanguage(header)) {
    const exact = byLowerTag.get(tag);
    if (exact) return exact;
    const primary = byLowerTag.get(tag.split('-')[0] ?? '');
    if (primary) return primary;
  }
  return FALLBACK_LOCALE;
}

/** The locale and strings for a stored Accept-Language value. */
export function localeFor(header: string | null): { tag: string; strings: MailStrings } {
  const tag = chooseLocale(header, SUPPORTED_LOCALES);
  return { tag, strings: LOCALES.get(tag) ?? registry.en };
}
