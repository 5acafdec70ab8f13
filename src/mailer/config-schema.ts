// The mail notices that carry no code, plugged into the server's schema as
// `mail.notices`. Each can be switched off, so a deployment whose clients
// only read the mails with a code (verify, reset, unblock) sends one mail
// per flow.
export const noticesSchema = {
  postVerify: {
    doc: 'Send the "account verified" notice after an address is confirmed.',
    format: Boolean,
    default: true,
    env: 'MAIL_NOTICE_POST_VERIFY',
  },
  passwordChanged: {
    doc: 'Send the "password changed" notice after /password/change/finish.',
    format: Boolean,
    default: true,
    env: 'MAIL_NOTICE_PASSWORD_CHANGED',
  },
  passwordReset: {
    doc: 'Send the "password reset" notice once a mailed reset code is verified.',
    format: Boolean,
    default: true,
    env: 'MAIL_NOTICE_PASSWORD_RESET',
  },
};
