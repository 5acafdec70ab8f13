// What a person reads for each failure the client reports: the errno, the
// context it came up in, and the wait of a throttled request, in the
// page's language.
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { CryptoUnavailableError, FxaError, NetworkError } from '../client/index.js';
import { errorMessage } from './errors.js';
import { setLocale } from './i18n/index.js';

const fxa = (errno: number, extra: Record<string, unknown> = {}) =>
  new FxaError(
    400,
    { code: 400, errno, error: 'Bad Request', message: 'server words', ...extra },
    '',
  );

describe('error messages', () => {
  afterEach(() => setLocale('en'));

  it('name the problem by errno, never with the server’s English', () => {
    assert.equal(errorMessage(fxa(103)), 'Incorrect password.');
    assert.equal(errorMessage(fxa(102)), 'There is no account for this email address.');
    assert.equal(errorMessage(fxa(104)), 'This account’s email address is not confirmed yet.');
    assert.equal(errorMessage(fxa(110)), 'Your session has ended. Please sign in again.');
    assert.equal(errorMessage(fxa(127)), 'That unblock code is wrong or has expired.');
    assert.equal(errorMessage(fxa(183)), 'That code is wrong or has expired.');
    assert.equal(errorMessage(fxa(999)), 'Something went wrong. Please try again.');
  });

  it('tell a wrong code from a bad link by what was being done', () => {
    assert.equal(errorMessage(fxa(105), 'code'), 'That code is wrong or has expired.');
    const link = 'This link is wrong, has already been used, or has expired.';
    assert.equal(errorMessage(fxa(105), 'link'), link);
    assert.equal(errorMessage(fxa(102), 'link'), link);
    assert.equal(errorMessage(fxa(107), 'link'), link);
    assert.equal(errorMessage(fxa(107), 'unblock'), 'That unblock code is wrong or has expired.');
  });

  it('say how long to wait when throttled, in the page’s language', () => {
    assert.equal(
      errorMessage(fxa(114, { retryAfter: 3600 })),
      'Too many attempts. Try again in 60 minutes.',
    );
    assert.equal(errorMessage(fxa(114)), 'Too many attempts. Try again later.');
    setLocale('fr');
    // French puts a no-break space between the number and its unit.
    assert.match(
      errorMessage(fxa(114, { retryAfter: 7200 })),
      /^Trop de tentatives\. Réessayez dans 2\sheures\.$/,
    );
    setLocale('es');
    assert.equal(errorMessage(fxa(103)), 'Contraseña incorrecta.');
  });

  it('tell an unreachable server and an insecure page apart from refusals', () => {
    const offline = new NetworkError('http://127.0.0.1:9/v1/account/login', new Error('refused'));
    assert.equal(
      errorMessage(offline),
      'Cannot reach the server. Check your connection and try again.',
    );
    assert.match(errorMessage(new CryptoUnavailableError()), /secure connection/);
    assert.equal(errorMessage(new Error('boom')), 'Something went wrong. Please try again.');
  });
});
