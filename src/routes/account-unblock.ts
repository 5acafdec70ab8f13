// /account/login/send_unblock_code and /reject_unblock_code: FxA's sign-in
// unblock. When customs blocks a login with errno 125, the client has a
// code mailed to the account's address and sends it with the next login as
// `unblockCode` (account.ts). Each request mails a new code without voiding
// earlier ones, so someone requesting codes for another's address only
// fills that mailbox with codes its owner can use. The mail's report link
// lets the owner void a code they never asked for.
import Joi from 'joi';
import type { Request } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import { newUnblockCode, unblockCodeHash } from '../tokens/unblock-code.js';
import { error } from '../errors.js';
import * as v from './validators.js';
import { customsGuard } from './customs-guard.js';
import { unblockCodes } from './unblock-codes.js';

export const accountUnblockSchemas = {
  sendCode: Joi.object({ email: v.email().required() }),
  rejectCode: Joi.object({ uid: v.hex(16).required(), unblockCode: v.unblockCode.required() }),
};

export function accountUnblockHandlers(
  d: Pick<Deps, 'store' | 'customs' | 'clock' | 'config' | 'mailer'>,
) {
  const customs = customsGuard(d);
  const { lifetime } = unblockCodes(d);

  async function sendCode(request: Request) {
    const { email } = request.payload as { email: string };
    await customs.check(request, 'sendUnblockCode', { email });
    const account = await d.store.accountByEmail(email.toLowerCase());
    if (!account) throw error.unknownAccount(email);
    request.app.uid = account.uid.toString('hex');
    const code = newUnblockCode();
    const now = d.clock();
    await d.store.unblockCodes.add(
      account.uid,
      unblockCodeHash(account.uid, code),
      now,
      now - lifetime,
    );
    d.mailer.sendUnblockCode(account, code);
    return {};
  }

  async function rejectCode(request: Request) {
    const { uid, unblockCode } = request.payload as { uid: string; unblockCode: string };
    await customs.check(request, 'rejectUnblockCode', { uid });
    const account = Buffer.from(uid, 'hex');
    // Quiet either way: the answer does not say whether the code existed.
    await d.store.unblockCodes.remove(account, unblockCodeHash(account, unblockCode));
    return {};
  }

  return { sendCode, rejectCode };
}
