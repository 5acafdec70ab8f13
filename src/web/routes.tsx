// The page table: a path Firefox or a mail link opens, and the page that
// shows it. The server serves the same shell at each of these paths
// (src/routes/web.ts lists them too); add a line in both places.
import type { ComponentType } from 'preact';
import { ConnectAnotherDevice, PairingUnsupported, redirectTo } from './other/pages.js';
import { CompleteResetPassword } from './reset/complete.js';
import { ResetPassword } from './reset/flow.js';
import { Settings } from './settings/page.js';
import { SigninFlow } from './signin/flow.js';
import { ReportSignin } from './signin/report-signin.js';
import { SignedIn } from './signin/signed-in.js';
import { VerifyEmail } from './signin/verify-email.js';

export const routes: Record<string, ComponentType> = {
  // Firefox's entry page (firefox.md §2.1) and the steps' own addresses.
  '/': SigninFlow,
  '/signin': SigninFlow,
  '/signup': SigninFlow,
  '/force_auth': SigninFlow,
  '/confirm_signup_code': SigninFlow,
  '/signin_unblock': SigninFlow,
  '/verify_email': VerifyEmail,
  '/signed_in': SignedIn,
  // The unblock mail's "this was not me" link.
  '/report_signin': ReportSignin,
  // The account settings; Firefox links to each of these (firefox.md §2.1).
  '/settings': Settings,
  '/settings/clients': Settings,
  '/settings/avatar/change': Settings,
  // No third-party sign-in here, so there is never a password to set first.
  '/post_verify/third_party_auth/set_password': redirectTo('/settings', { keepQuery: false }),
  // A forgotten password: by the typed code, or by the mailed link.
  '/reset_password': ResetPassword,
  '/complete_reset_password': CompleteResetPassword,
  '/connect_another_device': ConnectAnotherDevice,
  // Pairing, which this server does not offer.
  '/pair': PairingUnsupported,
  '/oauth': PairingUnsupported,
};
