// "You are signed in": where a sign-in outside Firefox ends up while the
// account settings are not there, and what /signed_in shows. Without a
// session in this tab it sends the person to sign in.
import { useEffect } from 'preact/hooks';
import { client } from '../api.js';
import { LinkButton } from '../components/form.js';
import { Step } from '../components/step.js';
import { t } from '../i18n/index.js';
import { navigate } from '../router.js';
import { clearSession, getSession } from '../session.js';

export function SignedIn() {
  const session = getSession();
  useEffect(() => {
    if (!session?.verified) navigate('/', { query: '', replace: true });
  }, []);
  if (!session?.verified) return null;
  async function signOut() {
    // Signed out here whatever the server says: the tokens are forgotten either way.
    await client.sessionDestroy(session!.sessionToken).catch(() => undefined);
    clearSession();
    navigate('/', { query: '' });
  }
  return (
    <Step title={t('signin.done.heading')}>
      <p>{t('signin.done.web', { email: session.email })}</p>
      <LinkButton onClick={signOut}>{t('common.signOut')}</LinkButton>
    </Step>
  );
}
