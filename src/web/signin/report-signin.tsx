// /report_signin?uid=&unblockCode=: the "this was not me" link of the
// unblock mail. Opening it voids the code at once, so whoever asked for it
// cannot finish signing in with it, and suggests a new password, since the
// login that got blocked knew the address and tried passwords on it.
//
// The code leaves the address bar before anything else: it still works
// until the server has voided it, and history or a shared screen would
// keep it.
import { useEffect, useState } from 'preact/hooks';
import { client } from '../api.js';
import { Alert, Step } from '../components/step.js';
import { errorMessage } from '../errors.js';
import { t } from '../i18n/index.js';
import { query } from '../router.js';

type State = { name: 'working' } | { name: 'done' } | { name: 'failed'; message: string };

/** The link's values, taken out of the URL (the rest of the query stays). */
function fromLink(): { uid: string; unblockCode: string } | undefined {
  const q = query();
  const uid = q.get('uid');
  const unblockCode = q.get('unblockCode');
  q.delete('uid');
  q.delete('unblockCode');
  const rest = q.toString();
  history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}`);
  return uid && unblockCode ? { uid, unblockCode } : undefined;
}

export function ReportSignin() {
  const [state, setState] = useState<State>({ name: 'working' });
  useEffect(() => {
    const link = fromLink();
    if (!link) return setState({ name: 'failed', message: t('signin.verify.missing') });
    client.rejectUnblockCode(link.uid, link.unblockCode).then(
      () => setState({ name: 'done' }),
      (err: unknown) => setState({ name: 'failed', message: errorMessage(err, 'link') }),
    );
  }, []);
  return (
    <Step title={t('signin.report.heading')}>
      {state.name === 'working' && <p role="status">{t('common.working')}</p>}
      {state.name === 'failed' && <Alert message={state.message} />}
      {state.name === 'done' && (
        <>
          <p role="status">{t('signin.report.done')}</p>
          <p>{t('signin.report.advice')}</p>
          <p>
            <a href="/reset_password">{t('signin.report.reset')}</a>
          </p>
        </>
      )}
    </Step>
  );
}
