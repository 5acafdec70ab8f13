// The forgotten-password verbs: a mailed code traded for an
// accountResetToken (FxaClient.accountReset then sets the new password).
// FxaClient inherits them; they live apart only to keep each file readable.
import type { JsonObject } from './errors.js';
import { defined, links, num, optStr, str } from './read.js';
import { SignedInVerbs } from './signed-in.js';
import type { TokenRef } from './transport.js';
import type { Hex, LinkOptions, PasswordForgotInfo, PasswordForgotStatus } from './types.js';

const forgot = (seedHex: Hex): TokenRef => ({ type: 'passwordForgotToken', seedHex });

export class PasswordForgotVerbs extends SignedInVerbs {
  /** Mails a password-reset code and link; the token it returns goes with the code. */
  async passwordForgotSendCode(email: string, opts: LinkOptions = {}): Promise<PasswordForgotInfo> {
    const res = await this.api.call('POST', '/v1/password/forgot/send_code', {
      body: { email, ...links(opts) },
    });
    return forgotInfo(res);
  }

  /** Mails the same reset code again. */
  async passwordForgotResendCode(
    passwordForgotToken: Hex,
    email: string,
    opts: LinkOptions = {},
  ): Promise<PasswordForgotInfo> {
    const res = await this.api.call('POST', '/v1/password/forgot/resend_code', {
      token: forgot(passwordForgotToken),
      body: { email, ...links(opts) },
    });
    return forgotInfo(res);
  }

  /** Trades the mailed reset code for an accountResetToken (errno 105 with tries left when wrong). */
  async passwordForgotVerifyCode(passwordForgotToken: Hex, code: Hex) {
    const res = await this.api.call('POST', '/v1/password/forgot/verify_code', {
      token: forgot(passwordForgotToken),
      body: { code },
    });
    return { accountResetToken: str(res, 'accountResetToken') };
  }

  /** Tries left and seconds left on a passwordForgotToken. */
  async passwordForgotStatus(passwordForgotToken: Hex): Promise<PasswordForgotStatus> {
    const res = await this.api.call('GET', '/v1/password/forgot/status', {
      token: forgot(passwordForgotToken),
    });
    return defined({ tries: num(res, 'tries'), ttl: num(res, 'ttl'), email: optStr(res, 'email') });
  }
}

function forgotInfo(res: JsonObject): PasswordForgotInfo {
  return defined({
    passwordForgotToken: str(res, 'passwordForgotToken'),
    ttl: num(res, 'ttl'),
    codeLength: num(res, 'codeLength'),
    tries: num(res, 'tries'),
    email: optStr(res, 'email'),
  });
}
