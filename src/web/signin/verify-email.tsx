// The mailed verification link (/v1/verify_email redirects here with uid
// and code). Opening it verifies the address; a tab still waiting on the
// code page notices by polling and carries on by itself.
import { useEffect, useState } from 'preact/hooks';
import { client } from '../api.js';
import { Alert, Step } from '../components/step.js';
import { errorMessage } from '../errors.js';
import { t } from '../i18n/index.js';
import { query } from '../router.js';
import { getSession, updateSession } from '../session.js';

type State = { name: 'working' } | { name: 'done' } | { name: 'failed'; message: string };

export function VerifyEmail() {
  const [state, setState] = useState<State>({ name: 'working' });
  useEffect(() => {
    const q = query();
    const uid = q.get('uid');
    const code = q.get('code');
    const service = q.get('service');
    if (!uid || !code) return setState({ name: 'failed', message: t('signin.verify.missing') });
    // Used once, the code has no business in the address bar, history or a
    // shared screenshot; the rest of the query (service) stays.
    const forget = () => {
      q.delete('uid');
      q.delete('code');
      const rest = q.toString();
      history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}`);
    };
    client
      .verifyEmailLink(uid, code, service ? { service } : {})
      .then(
        () => {
          if (getSession()?.uid === uid) updateSession({ verified: true });
          setState({ name: 'done' });
        },
        (err: unknown) => setState({ name: 'failed', message: errorMessage(err, 'link') }),
      )
      .finally(forget);
  }, []);
  if (state.name === 'working') {
    return (
      <Step title={t('signin.verify.heading')}>
        <p role="status">{t('common.working')}</p>
      </Step>
    );
  }
  if (state.name === 'failed') {
    return (
      <Step title={t('signin.verify.heading')}>
        <Alert message={state.message} />
      </Step>
    );
  }
  return (
    <Step title={t('signin.verify.done')}>
      <p>{t('signin.verify.doneBody')}</p>
      {getSession()?.verified && (
        <p>
          <a href="/settings">{t('common.settings')}</a>
        </p>
      )}
    </Step>
  );
}
