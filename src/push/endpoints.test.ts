import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_ALLOWED_ENDPOINTS, originOf, parseAllowList } from './endpoints.js';

describe('the push endpoint allow-list', () => {
  const defaults = parseAllowList(DEFAULT_ALLOWED_ENDPOINTS);

  it("lets Firefox's push service through by default", () => {
    assert.ok(defaults.allows('https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk'));
    assert.ok(defaults.allows('https://UPDATES.push.services.mozilla.com/wpush/v1/x'));
  });

  it('refuses look-alike hosts, user info, other schemes and ports by default', () => {
    for (const endpoint of [
      'https://services.mozilla.com/wpush', // the domain itself, not a subdomain
      'https://updates.push.services.mozilla.com.evil.example/wpush',
      'https://evil.example/.services.mozilla.com',
      'https://evil.example/?x=updates.push.services.mozilla.com',
      'https://updates.push.services.mozilla.com@evil.example/wpush',
      'https://user:pw@updates.push.services.mozilla.com/wpush',
      'http://updates.push.services.mozilla.com/wpush',
      'https://updates.push.services.mozilla.com:8443/wpush',
      'ftp://updates.push.services.mozilla.com/wpush',
      'https://127.0.0.1/wpush',
      'https://[::1]/wpush',
      'not a url',
      '',
    ]) {
      assert.equal(defaults.allows(endpoint), false, endpoint);
    }
  });

  it('allows exact hosts and ports that an operator adds', () => {
    const list = parseAllowList([
      'https://push.example.org',
      'https://push.example.net:8443/',
      'http://127.0.0.1:9155',
      'http://[::1]:9156',
    ]);
    assert.ok(list.allows('https://push.example.org/v1/abc'));
    assert.ok(list.allows('https://push.example.org:443/v1/abc'));
    assert.ok(!list.allows('https://sub.push.example.org/v1/abc'));
    assert.ok(list.allows('https://push.example.net:8443/v1/abc'));
    assert.ok(!list.allows('https://push.example.net/v1/abc'));
    assert.ok(list.allows('http://127.0.0.1:9155/push/1'));
    assert.ok(!list.allows('http://127.0.0.1:9157/push/1'));
    assert.ok(!list.allows('https://127.0.0.1:9155/push/1'));
    assert.ok(list.allows('http://[::1]:9156/push/1'));
  });

  it('refuses to start with an entry it cannot use', () => {
    for (const entry of [
      'http://push.example.org', // plain text off the machine
      'http://*.localhost',
      'https://push.example.org/path',
      'https://*',
      'https://push.*.example.org',
      'https://user@push.example.org',
      'https://push.example.org:0',
      'https://push.example.org:99999',
      'push.example.org',
    ]) {
      assert.throws(() => parseAllowList([entry]), /allow-list/, entry);
    }
  });

  it('logs an endpoint by its origin only: the path is the capability', () => {
    const endpoint = 'https://updates.push.services.mozilla.com/wpush/v2/secret-channel';
    assert.equal(originOf(endpoint), 'https://updates.push.services.mozilla.com');
  });
});
