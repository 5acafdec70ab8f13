// The catalogs: every language says every English string with the same
// placeholders (a translation that drops {wait} would hide how long to
// wait), and the language follows the browser's list.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import en from '../locales/en/index.js';
import de from '../locales/de/index.js';
import fr from '../locales/fr/index.js';
import es from '../locales/es/index.js';
import { chooseLocale, formatWait, setLocale, t, type MessageKey } from './index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the pages’ strings', () => {
  for (const [name, catalog] of Object.entries({ de, fr, es })) {
    it(`${name} translates every English string, keeping its placeholders`, () => {
      assert.deepEqual(Object.keys(catalog).sort(), Object.keys(en).sort());
      for (const [key, text] of Object.entries(en)) {
        const translated = (catalog as Record<string, string>)[key] ?? '';
        assert.notEqual(translated.trim(), '', `${name} ${key} is empty`);
        assert.deepEqual(placeholders(translated), placeholders(text), `${name} ${key}`);
      }
    });
  }

  it('picks the first language it has, by primary subtag, else English', () => {
    assert.equal(chooseLocale(['de-AT', 'en']), 'de');
    assert.equal(chooseLocale(['it', 'FR-ca', 'de']), 'fr');
    assert.equal(chooseLocale(['es-419']), 'es');
    assert.equal(chooseLocale(['ja', 'zh-TW']), 'en');
    assert.equal(chooseLocale([]), 'en');
  });

  it('fills placeholders and words waits in the chosen language', () => {
    setLocale('de');
    assert.equal(
      t('error.throttled', { wait: formatWait(900) }),
      'Zu viele Versuche. Versuchen Sie es in 15 Minuten erneut.',
    );
    setLocale('en');
    assert.equal(
      t('signin.code.resent', { email: 'a@b.test' }),
      'A new code is on its way to a@b.test.',
    );
    assert.equal(formatWait(30), '30 seconds');
    assert.equal(formatWait(61), '61 seconds');
    assert.equal(formatWait(899), '15 minutes');
    assert.equal(formatWait(86_400), '24 hours');
  });

  it('answers a key it has no string for with the key itself, never throwing', () => {
    // Keys are built at run time from what Firefox sends (signin.engine.<name>).
    setLocale('fr');
    const key = 'signin.engine.newthing' as MessageKey;
    assert.equal(t(key), key);
    setLocale('en');
  });
});
