// The default rules, and the validation of rules an operator configures.
// The defaults match or tighten FxA's customs (api-v1.md §6).
import Joi from 'joi';
import { CUSTOMS_ACTIONS, type Rule } from './customs.js';

const PASSWORD_CHECKS = ['accountLogin', 'accountDestroy', 'passwordChange'] as const;
const MAIL_SENDS = [
  'accountCreate',
  'recoveryEmailResendCode',
  'passwordForgotSendCode',
  'passwordForgotResendCode',
  'sessionResendCode',
  'sendUnblockCode',
] as const;

export const DEFAULT_RULES: Rule[] = [
  // At most 3 mails per address per 15 minutes: no mail bombing via resend.
  {
    name: 'mail-per-email',
    actions: [...MAIL_SENDS],
    key: 'email',
    max: 3,
    windowSec: 900,
    blockSec: 900,
    counts: 'attempts',
  },
  // After 3 wrong passwords from one IP for one address (more than max 2,
  // as FxA counts), the next try waits 15 minutes or brings an unblock code.
  {
    name: 'failed-login-per-ip-email',
    actions: [...PASSWORD_CHECKS],
    key: 'ip_email',
    max: 2,
    windowSec: 900,
    blockSec: 900,
    counts: 'failures',
  },
  // NIST SP 800-63B: at most 100 consecutive failures per account; here per day.
  {
    name: 'failed-login-per-email-daily',
    actions: [...PASSWORD_CHECKS],
    key: 'email',
    max: 100,
    windowSec: 86_400,
    blockSec: 86_400,
    counts: 'failures',
  },
  // Wrong passwords from one IP across many accounts (credential stuffing).
  {
    name: 'failed-login-per-ip',
    actions: [...PASSWORD_CHECKS],
    key: 'ip',
    max: 50,
    windowSec: 900,
    blockSec: 900,
    counts: 'failures',
  },
  // Every login counts here, right or wrong: someone holding a stolen
  // password must not be able to mint sessions in a loop. A person signs in
  // a few times a day; these limits only stop scripts.
  {
    name: 'login-per-ip-email',
    actions: ['accountLogin'],
    key: 'ip_email',
    max: 20,
    windowSec: 3600,
    blockSec: 3600,
    counts: 'attempts',
  },
  {
    name: 'login-per-email',
    actions: ['accountLogin'],
    key: 'email',
    max: 100,
    windowSec: 3600,
    blockSec: 3600,
    counts: 'attempts',
  },
  // Status checks reveal whether an address has an account.
  {
    name: 'status-check-per-ip',
    actions: ['accountStatusCheck'],
    key: 'ip',
    max: 60,
    windowSec: 900,
    blockSec: 900,
    counts: 'attempts',
  },
  // Guessing mailed codes: 32 hex digits cannot be guessed, but attempts still cost.
  {
    name: 'code-verify-per-ip',
    actions: [
      'recoveryEmailVerifyCode',
      'passwordForgotVerifyCode',
      'sessionVerifyCode',
      'verifyUnblockCode',
      'rejectUnblockCode',
    ],
    key: 'ip',
    max: 30,
    windowSec: 900,
    blockSec: 900,
    counts: 'attempts',
  },
  // A 6-digit code can be guessed. With four codes live at a time, ten
  // tries per account per 15 minutes leave about 1 chance in 25,000 per
  // quarter hour, to someone who needs the password for a session anyway.
  {
    name: 'session-code-per-uid',
    actions: ['sessionVerifyCode'],
    key: 'uid',
    max: 10,
    windowSec: 900,
    blockSec: 900,
    counts: 'attempts',
  },
  // An unblock code has 40 bits; a few tries per address and IP, and none
  // keyed by the address alone, so guessing from elsewhere cannot stop
  // the owner from using a code.
  {
    name: 'unblock-code-per-ip-email',
    actions: ['verifyUnblockCode'],
    key: 'ip_email',
    max: 5,
    windowSec: 900,
    blockSec: 900,
    counts: 'attempts',
  },
  {
    name: 'sign-up-per-ip',
    actions: ['accountCreate'],
    key: 'ip',
    max: 30,
    windowSec: 3600,
    blockSec: 3600,
    counts: 'attempts',
  },
  // OAuth codes and tokens cost no scrypt, so nothing else slows a script
  // that mints them; Firefox needs a handful per hour.
  {
    name: 'oauth-per-uid',
    actions: ['oauthToken'],
    key: 'uid',
    max: 300,
    windowSec: 3600,
    blockSec: 900,
    counts: 'attempts',
  },
  {
    name: 'oauth-per-ip',
    actions: ['oauthToken'],
    key: 'ip',
    max: 1000,
    windowSec: 3600,
    blockSec: 900,
    counts: 'attempts',
  },
  {
    name: 'certificate-per-uid',
    actions: ['certificateSign'],
    key: 'uid',
    max: 300,
    windowSec: 3600,
    blockSec: 900,
    counts: 'attempts',
  },
];

const ruleSchema = Joi.object({
  name: Joi.string().max(64).required(),
  actions: Joi.array()
    .items(Joi.string().valid(...CUSTOMS_ACTIONS))
    .min(1)
    .required(),
  key: Joi.string().valid('ip', 'email', 'ip_email', 'uid').required(),
  max: Joi.number().integer().min(0).required(),
  windowSec: Joi.number().integer().min(1).required(),
  blockSec: Joi.number().integer().min(1).required(),
  counts: Joi.string().valid('attempts', 'failures').required(),
});

const rulesSchema = Joi.array().items(ruleSchema).unique('name');

/** Throws with a readable message when `value` is not a list of rules. */
export function validateRules(value: unknown): Rule[] {
  const result = rulesSchema.validate(value);
  if (result.error) throw new Error(`customs rules: ${result.error.message}`);
  return result.value as Rule[];
}
