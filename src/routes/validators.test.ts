import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { email, isValidEmailAddress } from './validators.js';

describe('email addresses', () => {
  it('accepts what FxA accepts, non-ASCII included', () => {
    for (const ok of ['a@b.c', 'andré@example.org', "o'neil+tag@example.com", 'a@ü.de']) {
      assert.equal(isValidEmailAddress(ok), true, ok);
    }
  });

  it('refuses separators that would make mail go to someone else', () => {
    for (const bad of ['x,victim@example.com', 'a;b@c.d', 'a b@c.d', '<a>@c.d', 'a@b..c', '@b.c']) {
      assert.equal(isValidEmailAddress(bad), false, bad);
    }
  });

  it('limits the lower-cased length that is stored, not just the typed one', () => {
    const grows = `${'İ'.repeat(200)}@example.com`;
    assert.equal(grows.length <= 255, true);
    assert.notEqual(email().validate(grows).error, undefined);
  });
});
