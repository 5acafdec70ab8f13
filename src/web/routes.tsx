// The page table: a path Firefox or a mail link opens, and the page that
// shows it. The server serves the same shell at each of these paths
// (src/routes/web.ts lists them too); add a line in both places.
import type { ComponentType } from 'preact';
import { SigninFlow } from './signin/flow.js';
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
  '/oauth': SigninFlow,
  '/verify_email': VerifyEmail,
  '/signed_in': SignedIn,
  // Stands in for the account settings until their pages replace this line.
  '/settings': SignedIn,
};
