// The "retry in …" text of a 429, in English and in the reader's language.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryAfterLocalized } from './retry-after.js';

describe('retryAfterLocalized', () => {
  it('says how long in the largest unit that reads well, rounded up', () => {
    assert.equal(retryAfterLocalized(1, undefined), 'in 1 second');
    assert.equal(retryAfterLocalized(45, undefined), 'in 45 seconds');
    assert.equal(retryAfterLocalized(90, undefined), 'in 2 minutes');
    assert.equal(retryAfterLocalized(900, 'en-US'), 'in 15 minutes');
    assert.equal(retryAfterLocalized(3599, 'en'), 'in 1 hour');
    assert.equal(retryAfterLocalized(7200, 'en'), 'in 2 hours');
    assert.equal(retryAfterLocalized(86_400, 'en'), 'in 1 day');
    assert.equal(retryAfterLocalized(3 * 86_400 + 1, 'en'), 'in 4 days');
  });

  it("speaks the reader's language, by Accept-Language quality", () => {
    assert.equal(retryAfterLocalized(900, 'fr'), 'dans 15 minutes');
    assert.equal(retryAfterLocalized(900, 'en;q=0.5, fr-CH, de;q=0.9'), 'dans 15 minutes');
    assert.equal(retryAfterLocalized(7200, 'de-DE,de;q=0.9'), 'in 2 Stunden');
  });

  it('falls back to English for unknown, malformed or wildcard languages', () => {
    assert.equal(retryAfterLocalized(900, 'xx-YY'), 'in 15 minutes');
    assert.equal(retryAfterLocalized(900, 'not a tag, *'), 'in 15 minutes');
    assert.equal(retryAfterLocalized(900, ''), 'in 15 minutes');
    assert.equal(retryAfterLocalized(900, 'fr;q=0'), 'in 15 minutes');
  });
});
