// The message language comes from the Accept-Language stored at sign-up.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chooseLocale, localeFor, parseAcceptLanguage, SUPPORTED_LOCALES } from './language.js';

const available = ['en', 'de', 'fr', 'es', 'pt-BR'];

describe('chooseLocale', () => {
  it('matches a regional tag by its primary subtag', () => {
    assert.equal(chooseLocale('de-DE,de;q=0.9', available), 'de');
    assert.equal(chooseLocale('fr-CA', available), 'fr');
    assert.equal(chooseLocale('es-419,es;q=0.8', available), 'es');
  });

  it('prefers an exact regional match', () => {
    assert.equal(chooseLocale('pt-BR', available), 'pt-BR');
    assert.equal(chooseLocale('PT-br', available), 'pt-BR');
  });

  it('never widens a bare tag to a regional locale', () => {
    assert.equal(chooseLocale('pt', available), 'en');
    assert.equal(chooseLocale('pt-PT,ja', available), 'en');
  });

  it('follows q-values, not header order', () => {
    assert.equal(chooseLocale('ja;q=0.9,fr;q=0.5,de;q=0.7', available), 'de');
    assert.equal(chooseLocale('fr;q=0.4, es', available), 'es');
  });

  it('keeps header order among equal q-values', () => {
    assert.equal(chooseLocale('fr;q=0.8,de;q=0.8', available), 'fr');
  });

  it('falls back to English when nothing matches', () => {
    assert.equal(chooseLocale('ja,zh-CN;q=0.5', available), 'en');
    assert.equal(chooseLocale('*', available), 'en');
  });

  it('falls back to English for no header or garbage', () => {
    assert.equal(chooseLocale(null, available), 'en');
    assert.equal(chooseLocale('', available), 'en');
    assert.equal(chooseLocale(';;;,,=', available), 'en');
    assert.equal(chooseLocale('<script>alert(1)</script>', available), 'en');
  });

  it('skips refused and malformed entries but keeps the rest', () => {
    assert.equal(chooseLocale('de;q=0,fr', available), 'fr');
    assert.equal(chooseLocale('de;q=2,es', available), 'es');
    assert.equal(chooseLocale('de;q=abc,es;q=0.1', available), 'es');
  });
});

describe('parseAcceptLanguage', () => {
  it('orders tags by q, lower-cased, dropping q=0', () => {
    assert.deepEqual(parseAcceptLanguage('en-US;q=0.5, DE-de, fr;q=0.8, it;q=0'), [
      'de-de',
      'fr',
      'en-us',
    ]);
  });
});

describe('localeFor', () => {
  it('knows the bundled locales', () => {
    assert.deepEqual([...SUPPORTED_LOCALES].sort(), ['de', 'en', 'es', 'fr']);
  });

  it('returns the strings of the chosen locale', () => {
    assert.equal(localeFor('de-DE,de;q=0.9').tag, 'de');
    assert.match(localeFor('fr').strings.verifyEmail.subject, /compte Firefox/);
    assert.equal(localeFor(null).strings.verifyEmail.subject, 'Verify your Firefox Account');
  });
});
