// "You are signed in": where a sign-in outside Firefox ends up while the
// account settings are not there, and what /signed_in shows. Without a
// session in this tab it sends the person to sign in.
import { useEffect, useState } from 'preact/hooks';
import { LinkButton } from '../components/form.js';
import { Alert, Step } from '../components/step.js';
import { t } from '../i18n/index.js';
import { navigate } from '../router.js';
import { getSession } from '../session.js';
import { signOut } from '../sign-out.js';

export function SignedIn() {
  const session = getSession();
  const [alert, setAlert] = useState<string>();
  useEffect(() => {
    if (!session?.verified) navigate('/', { query: '', replace: true });
  }, []);
  if (!session?.verified) return null;
  async function leave() {
    setAlert(undefined);
    const failed = await signOut(session!);
    if (failed === undefined) return navigate('/', { query: '' });
    setAlert(failed);
  }
  return (
    <Step title={t('signin.done.heading')}>
      <p>{t('signin.done.web', { email: session.email })}</p>
      <Alert message={alert} />
      <LinkButton onClick={leave}>{t('common.signOut')}</LinkButton>
    </Step>
  );
}
