// The errno table is a public contract: the README documents exactly the
// errnos the server can answer with, and each factory yields its pair.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERRNOS, error, isAppError, payloadError, translate } from './errors.js';
import { StoreUnavailableError } from './db/store.js';
import {
  badRequest,
  boomify,
  clientTimeout,
  entityTooLarge,
  internal,
  notFound,
  unsupportedMediaType,
} from '@hapi/boom';

const opts = { storeRetryAfterSec: 12 };

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
    assert.equal(translate(badRequest('Invalid request payload JSON format'), opts).errno, 106);
    assert.equal(
      translate(entityTooLarge('Payload content length greater than maximum'), opts).errno,
      113,
    );
    assert.equal(translate(unsupportedMediaType(), opts).errno, 106);
    assert.equal(translate(notFound(), opts).output.statusCode, 404);
    const hidden = translate(new Error('SELECT * FROM accounts failed'), opts);
    assert.equal(hidden.output.statusCode, 500);
    assert.equal(hidden.output.payload.message, 'Unspecified error');
    assert.doesNotMatch(JSON.stringify(hidden.output.payload), /SELECT/);
  });

  it('takes no driver error for one of ours, though hapi makes it a Boom with an errno', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), {
      errno: -111,
      code: 'ECONNREFUSED',
    });
    const boomed = boomify(refused);
    assert.equal(isAppError(boomed), false);
    const answer = translate(boomed, opts);
    assert.deepEqual([answer.output.statusCode, answer.errno], [500, 999]);
    assert.equal(isAppError(error.unknownDevice()), true);
  });

  it('answers a database that cannot answer with 503 errno 201 and Retry-After', () => {
    const cause = new Error('Query inactivity timeout');
    for (const err of [
      new StoreUnavailableError(cause),
      boomify(new StoreUnavailableError(cause)),
    ]) {
      const answer = translate(err, opts);
      assert.deepEqual([answer.output.statusCode, answer.errno], [503, 201]);
      assert.equal(answer.output.headers['Retry-After'], '12');
      assert.equal(answer.output.payload.retryAfter, 12);
      assert.equal(answer.cause, cause, 'the driver error is kept for the log');
    }
  });

  it('names what went wrong with a request body', () => {
    const pairs = [
      [entityTooLarge('Payload content length greater than maximum allowed: 16384'), 413, 113],
      [clientTimeout(), 408, 999],
      [badRequest('Invalid compressed payload'), 400, 106],
      [badRequest('Invalid content-type header: multipart missing boundary'), 400, 106],
      [unsupportedMediaType(), 400, 106],
      [internal('Payload stream closed prematurely'), 400, 999],
    ] as const;
    for (const [err, status, errno] of pairs) {
      const answer = payloadError(err);
      assert.deepEqual([answer.output.statusCode, answer.errno], [status, errno], err.message);
      assert.equal(answer.output.payload.code, status);
    }
  });
});
