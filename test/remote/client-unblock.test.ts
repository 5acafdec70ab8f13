// The client's side of sign-in unblock, as the sign-in page drives it: a
// login past the failure limit is FxaError 125, sendUnblockCode mails a
// code, and signIn with that code as `unblockCode` gets a session; a wrong
// code is 127.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { ERRNO, FxaClient, FxaError } from '../../src/client/index.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { Mailbox } from '../helpers/mailbox.js';
import { PASSWORD, randomEmail, useServer } from './support.js';

async function errnoOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (err) {
    assert.ok(err instanceof FxaError, String(err));
    return err.errno;
  }
}

describeEachDatabase('client sign-in unblock', (db) => {
  const server = useServer(db);

  it('mails an unblock code that lets a blocked sign-in through, once', async () => {
    const fxa = new FxaClient(server().origin);
    const email = randomEmail();
    await fxa.signUp(email, PASSWORD, { preVerified: true });
    for (let i = 0; i < 3; i++) {
      assert.equal(await errnoOf(fxa.signIn(email, `wrong ${i}`)), ERRNO.INCORRECT_PASSWORD);
    }
    assert.equal(await errnoOf(fxa.signIn(email, PASSWORD)), ERRNO.REQUEST_BLOCKED);

    await fxa.sendUnblockCode(email);
    const [mail] = await new Mailbox(server().mailSinkUrl).waitFor(email, {
      match: (m) => m.headers['x-unblock-code'] !== undefined,
    });
    const code = mail?.headers['x-unblock-code'] ?? '';
    assert.equal(
      await errnoOf(fxa.signIn(email, PASSWORD, { unblockCode: 'ZZZZZZZZ' })),
      ERRNO.INVALID_UNBLOCK_CODE,
    );
    const session = await fxa.signIn(email, PASSWORD, { unblockCode: code, keys: true });
    assert.equal(session.verified, true);
    assert.equal((await fxa.sessionStatus(session.sessionToken)).uid, session.uid);
    assert.equal(typeof session.keyFetchToken, 'string');
  });

  it('refuses to mail a code for an address without an account (102)', async () => {
    const fxa = new FxaClient(server().origin);
    assert.equal(await errnoOf(fxa.sendUnblockCode(randomEmail())), ERRNO.UNKNOWN_ACCOUNT);
  });
});
