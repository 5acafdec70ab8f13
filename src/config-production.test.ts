// What production mode takes for a loopback PUBLIC_URL. The check reads the
// hostname as the WHATWG URL parser leaves it, so every spelling that
// parser keeps apart from `localhost` or `127.0.0.1` (a trailing dot, an
// IPv4-mapped IPv6 literal) has to be recognised here, or it starts a
// server no other machine can sign a Hawk request for.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { productionProblems, type RawSettings } from './config-production.js';

function settings(publicUrl: string): RawSettings {
  return {
    env: 'production',
    publicUrl,
    listen: { host: '0.0.0.0', port: 9000 },
    mail: { smtpUrl: 'smtps://relay.example.com:465', sink: { enabled: null } },
    account: { allowPreVerified: null },
  };
}

const refusesPublicUrl = (url: string) =>
  productionProblems(settings(url)).some((p) => p.startsWith(`PUBLIC_URL=${url} is a loopback`));

describe('production PUBLIC_URL', () => {
  const loopbacks = [
    'http://localhost:9000',
    'http://LOCALHOST:9000',
    'http://localhost.:9000',
    'http://LocalHost..:9000',
    'http://accounts.localhost.',
    'http://127.0.0.1:9000',
    'http://127.1:9000',
    'http://0x7f000001',
    'http://[::1]:9000',
    'http://[0:0:0:0:0:0:0:1]',
    'http://[::ffff:127.0.0.1]:9000',
    'http://[::ffff:7f00:1]',
    'http://[::ffff:0.0.0.0]',
    'http://0.0.0.0:9000',
    'http://[::]:9000',
  ];
  for (const url of loopbacks) {
    it(`refuses ${url}`, () => assert.ok(refusesPublicUrl(url), url));
  }

  const reachable = [
    'https://accounts.example.com',
    'https://accounts.example.com.',
    'http://192.168.1.20:9000',
    'http://[2001:db8::1]',
    'http://[::ffff:192.168.1.20]',
    'https://localhost.example.com',
  ];
  for (const url of reachable) {
    it(`accepts ${url}`, () => assert.deepEqual(productionProblems(settings(url)), []));
  }
});
