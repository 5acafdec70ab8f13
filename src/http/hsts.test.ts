// Which Strict-Transport-Security settings are sent, and which refused
// because no browser would honour them (hstspreload.org's requirements).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hstsOption } from './hsts.js';

const DEFAULTS = { enabled: null, maxAgeSec: 15_552_000, includeSubDomains: false, preload: false };

describe('hstsOption', () => {
  it('follows the public URL unless set, and keeps includeSubDomains off', () => {
    assert.deepEqual(hstsOption(DEFAULTS, 'https://a.example'), {
      maxAge: 15_552_000,
      includeSubDomains: false,
      preload: false,
    });
    assert.equal(hstsOption(DEFAULTS, 'http://127.0.0.1:9000'), false);
    assert.equal(hstsOption({ ...DEFAULTS, enabled: false }, 'https://a.example'), false);
    assert.notEqual(hstsOption({ ...DEFAULTS, enabled: true }, 'http://a.example'), false);
  });

  it('refuses preload without includeSubDomains or with less than a year', () => {
    const preload = { ...DEFAULTS, preload: true, includeSubDomains: true };
    assert.throws(() => hstsOption(preload, 'https://a.example'), /at least 31536000/);
    assert.throws(
      () => hstsOption({ ...preload, includeSubDomains: false }, 'https://a.example'),
      /HSTS_INCLUDE_SUBDOMAINS/,
    );
    const ok = hstsOption({ ...preload, maxAgeSec: 31_536_000 }, 'https://a.example');
    assert.deepEqual(ok, { maxAge: 31_536_000, includeSubDomains: true, preload: true });
  });
});
