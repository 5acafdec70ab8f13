import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { clientIp, customsAddress, trustedProxies } from './client-ip.js';

describe('client IP', () => {
  const none = trustedProxies([]);
  const proxies = trustedProxies(['10.0.0.0/8', '127.0.0.1', '::1']);

  it('ignores X-Forwarded-For from an untrusted peer', () => {
    assert.equal(clientIp('203.0.113.9', '198.51.100.1', none), '203.0.113.9');
    assert.equal(clientIp('203.0.113.9', '198.51.100.1', proxies), '203.0.113.9');
  });

  it('takes the hop in front of the trusted proxies, not a spoofed leftmost entry', () => {
    assert.equal(clientIp('127.0.0.1', '1.2.3.4, 198.51.100.7, 10.1.2.3', proxies), '198.51.100.7');
    assert.equal(clientIp('::ffff:127.0.0.1', '198.51.100.7', proxies), '198.51.100.7');
  });

  it('stops at a malformed hop and keeps the last trusted address', () => {
    assert.equal(clientIp('127.0.0.1', 'not-an-ip', proxies), '127.0.0.1');
    assert.equal(clientIp('127.0.0.1', undefined, proxies), '127.0.0.1');
  });

  it('counts IPv6 clients per /64, IPv4 clients per address', () => {
    assert.equal(customsAddress('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(customsAddress('2001:db8:1:2:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64');
    assert.equal(customsAddress('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(customsAddress('::1'), '0:0:0:0::/64');
    assert.equal(customsAddress('203.0.113.9'), '203.0.113.9');
  });

  it('rejects a configuration entry that is not an address', () => {
    assert.throws(() => trustedProxies(['example.com']), /not an address/);
  });
});
