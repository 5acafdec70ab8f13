// Scope parsing and the covering rules the client registry and the profile
// endpoint rely on.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  OLDSYNC_SCOPE,
  SCOPE_STRING,
  covers,
  coversAll,
  formatScope,
  parseScope,
  uncovered,
} from './scopes.js';

describe('scope strings', () => {
  it('splits on spaces, drops repeats and empty parts, and joins back', () => {
    assert.deepEqual(parseScope(`profile  ${OLDSYNC_SCOPE} profile`), ['profile', OLDSYNC_SCOPE]);
    assert.equal(formatScope(['profile', OLDSYNC_SCOPE]), `profile ${OLDSYNC_SCOPE}`);
  });

  it('accepts RFC 6749 scope tokens and refuses quotes, backslashes and control characters', () => {
    for (const ok of ['profile', `profile:email ${OLDSYNC_SCOPE}`, 'a#b']) {
      assert.match(ok, SCOPE_STRING);
    }
    for (const bad of ['', ' profile', 'pro"file', 'pro\\file', 'a\tb', 'é']) {
      assert.doesNotMatch(bad, SCOPE_STRING);
    }
  });
});

describe('covers', () => {
  it('a short name covers itself and its colon sub-scopes', () => {
    assert.equal(covers('profile', 'profile'), true);
    assert.equal(covers('profile', 'profile:email'), true);
    assert.equal(covers('profile', 'profiles'), false);
    assert.equal(covers('profile:email', 'profile'), false);
  });

  it('a write scope covers its reads; a read scope never covers a write', () => {
    assert.equal(covers('profile:write', 'profile'), true);
    assert.equal(covers('profile:write', 'profile:email'), true);
    assert.equal(covers('profile:write', 'profile:email:write'), true);
    assert.equal(covers('profile', 'profile:write'), false);
    assert.equal(covers('profile', 'profile:avatar:write'), false);
    assert.equal(covers('profile:email', 'profile:email:write'), false);
    assert.equal(covers('profile:*', 'profile:email:write'), true);
  });

  it('name:* covers the sub-scopes of name but not name itself', () => {
    assert.equal(covers('profile:*', 'profile:email'), true);
    assert.equal(covers('profile:*', 'profile'), false);
    assert.equal(covers('profile:*', 'profiles:x'), false);
  });

  it('a requested wildcard is covered by nothing, not even by itself', () => {
    assert.equal(covers('profile:email', 'profile:email:*'), false);
    assert.equal(covers('profile', 'profile:email:*'), false);
    assert.equal(covers('profile:*', 'profile:*'), false);
    assert.equal(covers('profile:*', 'profile:email:*'), false);
    assert.equal(covers('profile:write', '*'), false);
    assert.deepEqual(uncovered(['profile:email'], ['profile:email', 'profile:email:*']), [
      'profile:email:*',
    ]);
  });

  it('a URL scope covers only itself', () => {
    assert.equal(covers(OLDSYNC_SCOPE, OLDSYNC_SCOPE), true);
    assert.equal(covers(OLDSYNC_SCOPE, `${OLDSYNC_SCOPE}/more`), false);
    assert.equal(covers('https:', OLDSYNC_SCOPE), false);
    assert.equal(covers('https://identity.mozilla.com/apps', OLDSYNC_SCOPE), false);
  });

  it('lists what a set of scopes leaves uncovered', () => {
    const allowed = ['profile', OLDSYNC_SCOPE];
    assert.deepEqual(uncovered(allowed, ['profile:email', OLDSYNC_SCOPE, 'openid', 'x']), [
      'openid',
      'x',
    ]);
    assert.equal(coversAll(allowed, ['profile:uid', OLDSYNC_SCOPE]), true);
    assert.equal(coversAll(['profile:email'], ['profile']), false);
  });
});
