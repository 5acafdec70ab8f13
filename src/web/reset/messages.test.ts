// What a reset says when the server refuses it: how many tries are left on
// a wrong code, that a lapsed or spent reset must start again, and that a
// link's refusal is about the link; outside a reset, errno 110 is still the
// end of a session.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ERRNO, FxaError } from '../../client/index.js';
import { errorMessage } from '../errors.js';
import { setLocale } from '../i18n/index.js';

const refusal = (errno: number, extra: Record<string, unknown> = {}) =>
  new FxaError(400, { code: 400, errno, error: 'Bad Request', ...extra }, 'refused');

describe('error messages of the reset pages', () => {
  it('count the tries a wrong reset code leaves, and end the reset at none', () => {
    setLocale('en');
    const wrong = refusal(ERRNO.INVALID_VERIFICATION_CODE, { tries: 2, ttl: 3000 });
    assert.equal(errorMessage(wrong, 'reset'), 'That code is wrong. Tries left: 2.');
    const last = refusal(ERRNO.INVALID_VERIFICATION_CODE, { tries: 0, ttl: 3000 });
    assert.match(errorMessage(last, 'reset'), /^This reset has expired or was already used\./);
  });

  it('call a lapsed token an expired reset there, and an ended session elsewhere', () => {
    setLocale('en');
    const lapsed = new FxaError(401, { code: 401, errno: ERRNO.INVALID_TOKEN }, 'Unauthorized');
    assert.match(errorMessage(lapsed, 'reset'), /^This reset has expired/);
    assert.match(errorMessage(lapsed, 'resetLink'), /^This reset has expired/);
    assert.equal(errorMessage(lapsed), 'Your session has ended. Please sign in again.');
  });

  it('blame the link, not a code, when a mailed link is refused', () => {
    setLocale('fr');
    const refused = refusal(ERRNO.INVALID_VERIFICATION_CODE, { tries: 2 });
    assert.equal(
      errorMessage(refused, 'resetLink'),
      'Ce lien est erroné, a déjà servi ou a expiré.',
    );
    setLocale('en');
  });
});
