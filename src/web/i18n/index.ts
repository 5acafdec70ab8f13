// One function, t(key, vars), for every string a page shows. The strings
// live in src/web/locales/<lang>/<area>.ts, one file per area (common,
// signin, settings...) so areas grow without touching each other; English
// is the reference, and each other language must give every English key
// (the Strings<> type makes a missing one a compile error).
//
// The language is the first of navigator.languages that we have, by its
// primary subtag (de-AT -> de), else English.
import en from '../locales/en/index.js';
import de from '../locales/de/index.js';
import fr from '../locales/fr/index.js';
import es from '../locales/es/index.js';

export type MessageKey = keyof typeof en;
/** A translation of an English area file: the same keys, any text. */
export type Strings<T> = { [K in keyof T]: string };

const CATALOGS = { en, de, fr, es } as const;
export type Locale = keyof typeof CATALOGS;
export const LOCALES = Object.keys(CATALOGS) as Locale[];

export function chooseLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const primary = tag.toLowerCase().split('-')[0] as Locale;
    if (LOCALES.includes(primary)) return primary;
  }
  return 'en';
}

let current: Locale = 'en';

export function setLocale(locale: Locale): void {
  current = locale;
}

export function locale(): Locale {
  return current;
}

/**
 * The string for `key` in the current language, with {name} placeholders
 * filled. A key built at run time (an engine Firefox names that these pages
 * do not know) may have no string at all: the key comes back, for the
 * caller to recognise, rather than an exception that blanks the page.
 */
export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const text: string | undefined = CATALOGS[current][key] ?? en[key];
  if (text === undefined) return key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in vars ? String(vars[name]) : whole,
  );
}

/** A wait, in the largest whole unit that fits: "15 minutes", "15 Minuten". */
export function formatWait(seconds: number): string {
  const [unit, amount] =
    seconds >= 2 * 3600
      ? (['hour', Math.ceil(seconds / 3600)] as const)
      : seconds >= 120
        ? (['minute', Math.ceil(seconds / 60)] as const)
        : (['second', Math.max(1, Math.ceil(seconds))] as const);
  return new Intl.NumberFormat(current, { style: 'unit', unit, unitDisplay: 'long' }).format(
    amount,
  );
}
