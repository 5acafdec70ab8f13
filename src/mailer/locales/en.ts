// English: the fallback locale, used whenever no other one matches.
import type { MailStrings } from './types.js';

const en: MailStrings = {
  verifyEmail: {
    subject: 'Verify your Firefox Account',
    heading: 'Confirm your email address',
    body: [
      'Someone just created a Firefox Account with {email}. If that was you, confirm the address to finish setting up the account and start syncing.',
    ],
    action: 'Confirm email',
    footnote: 'If you did not create this account, ignore this email and it will stay inactive.',
  },
  verifyShortCode: {
    subject: 'Your Firefox Account confirmation code',
    heading: 'Confirm your email address',
    body: [
      'To confirm {email} for your Firefox Account, enter this code on the page that asked for it. It is valid for a limited time.',
    ],
    action: 'Or confirm with this link',
    footnote: 'If you did not create this account, ignore this email and it will stay inactive.',
  },
  recoveryCode: {
    subject: 'Reset your Firefox Account password',
    heading: 'Reset your password',
    body: [
      'We received a request to reset the password of the Firefox Account for {email}. Type this code on the page where you asked for it, or use the link below. Both work only for a limited time.',
    ],
    action: 'Choose a new password',
    footnote: 'If you did not ask for this, ignore this email. Your password stays as it is.',
  },
  passwordChanged: {
    subject: 'Your Firefox Account password has been changed',
    heading: 'Your password was changed',
    body: [
      'The password of the Firefox Account for {email} has just been changed.',
      'If you did not make this change, reset your password now to protect your account.',
    ],
    action: 'Reset password',
  },
  passwordReset: {
    subject: 'Your Firefox Account password has been reset',
    heading: 'Your password was reset',
    body: [
      'The password of the Firefox Account for {email} has been reset.',
      'If this was not you, reset it again right away to protect your account.',
    ],
    action: 'Reset password',
  },
  postVerify: {
    subject: 'Firefox Account Verified',
    heading: 'Your account is ready',
    body: [
      'Your email address is confirmed. Sign in to Firefox on your other computers and phones to keep your bookmarks, passwords and history in sync.',
    ],
    action: 'Set up Sync on another device',
  },
  unblockCode: {
    subject: 'Your Firefox Account authorization code',
    heading: 'Authorize this sign-in',
    body: [
      'Someone is signing in to the Firefox Account for {email}, and we paused the sign-in after several tries. If it is you, enter this code to continue:',
      '{code}',
      'The code works once and expires within an hour.',
    ],
    action: 'It was not me: report this sign-in',
    footnote:
      'If you did not try to sign in, report it with the link above and change your password. Your account stays locked to others either way.',
  },
  common: {
    linkFallback: 'If the button does not work, copy this address into your browser:',
    supportIntro: 'Questions?',
    supportLink: 'Visit Mozilla Support',
    automated: 'This email was sent automatically. Replies are not read.',
  },
};

export default en;
