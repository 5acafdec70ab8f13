// The errno table is a public contract: the README documents exactly the
// errnos the server can answer with, and each factory yields its pair.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERRNOS, error, translate } from './errors.js';
import { badRequest, notFound, entityTooLarge, unsupportedMediaType } from '@hapi/boom';

const documented = new Map(
  [...readFileSync('README.md', 'utf8').matchAll(/^\|\s*(\d{3})\s*\|\s*(\d{3}|any)\s*\|/gm)].map(
    (m) => [Number(m[1]), m[2]],
  ),
);

describe('errno table', () => {
  it('the README documents every errno and no others', () => {
    assert.deepEqual([...documented.keys()].sort(), Object.values(ERRNOS).sort());
  });

  it('factories produce the FxA body with the documented status', () => {
    const e = error.incorrectEmailCase('Alice@Example.com');
    assert.deepEqual(
      { ...e.output.payload, info: undefined },
      {
        code: 400,
        errno: 120,
        error: 'Bad Request',
        message: 'Incorrect email case',
        info: undefined,
        email: 'Alice@Example.com',
      },
    );
    assert.equal(documented.get(e.errno), String(e.output.statusCode));
    const busy = error.serviceUnavailable(7);
    assert.equal(busy.output.headers['Retry-After'], '7');
    assert.equal(busy.output.payload.retryAfter, 7);
  });

  it('translates framework errors to errnos, never leaking internals', () => {
    assert.equal(translate(badRequest('Invalid request payload JSON format')).errno, 106);
    assert.equal(
      translate(entityTooLarge('Payload content length greater than maximum')).errno,
      113,
    );
    assert.equal(translate(unsupportedMediaType()).errno, 106);
    assert.equal(translate(notFound()).output.statusCode, 404);
    const hidden = translate(new Error('SELECT * FROM accounts failed'));
    assert.equal(hidden.output.statusCode, 500);
    assert.equal(hidden.output.payload.message, 'Unspecified error');
    assert.doesNotMatch(JSON.stringify(hidden.output.payload), /SELECT/);
  });
});
