// The pages for Firefox's other addresses (src/web/other).
export default {
  'other.cad.heading': 'Sign in on another device',
  'other.cad.intro': 'To sync with another device, sign in to Firefox there with the same account:',
  'other.cad.step1': 'Install Firefox on the other device, and open it.',
  'other.cad.step2':
    'Computers: open Settings, then Sync, and choose Sign in. Phones: open the menu, then Sign in to sync.',
  'other.cad.step3':
    'Use the email and password of this account. Firefox starts syncing by itself.',
  'other.cad.server':
    'That Firefox must use this server too: set identity.fxaccounts.autoconfig.uri in about:config to {origin} before signing in.',
  'other.pair.heading': 'Pairing is not supported',
  'other.pair.body':
    'This server does not support pairing a device with a QR code. Sign in on the other device with your email and password instead.',
  'other.pair.howto': 'How to sign in on another device',
  'other.redirecting': 'Taking you there…',
};
