// The forgotten-password flow (src/web/reset).
export default {
  'reset.forgot': 'Forgot password?',
  'reset.heading': 'Reset your password',
  'reset.intro':
    'Enter your email and we will send you a code and a link to choose a new password.',
  'reset.warning':
    'Resetting your password makes data encrypted with your old password unreadable: the synced passwords, bookmarks, history and other data stored on this server are lost, unless a device that still has them syncs them again. If you remember your password, sign in instead.',
  'reset.email': 'Email',
  'reset.send': 'Send reset code',
  'reset.code.heading': 'Check your email',
  'reset.code.intro':
    'We sent a reset code and a link to {email}. Type the code here, or open the link in that email.',
  'reset.code.label': 'Reset code',
  'reset.code.format': 'The code is 32 letters and digits (0–9, a–f).',
  'reset.code.triesLeft': 'That code is wrong. Tries left: {tries}.',
  'reset.code.submit': 'Continue',
  'reset.code.resend': 'Send the email again',
  'reset.code.resent': 'The email is on its way to {email} again.',
  'reset.new.heading': 'Choose a new password',
  'reset.new.intro': 'For {email}.',
  'reset.new.password': 'New password',
  'reset.new.confirm': 'Repeat new password',
  'reset.new.hint': 'At least 8 characters.',
  'reset.new.tooShort': 'Use at least 8 characters.',
  'reset.new.mismatch': 'The passwords do not match.',
  'reset.new.understand': 'I understand that data encrypted with my old password is lost.',
  'reset.new.mustAccept': 'Tick the box to confirm you understand.',
  'reset.new.submit': 'Reset password',
  'reset.expired': 'This reset has expired or was already used. Start again to get a new email.',
  'reset.startOver': 'Start again',
  'reset.remembered': 'Remembered it? Sign in',
  'reset.linkMissing': 'This link is incomplete. Open the whole link from the email.',
};
