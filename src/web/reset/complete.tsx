// /complete_reset_password?token=&code=&email=: the mailed reset link, in
// whatever tab or browser it is opened (/v1/complete_reset_password
// redirects here with the same query). The token and code move from the
// URL into sessionStorage at once and leave the address bar and history,
// so a reload still works and nothing secret stays in the URL.
//
// The link's code is traded for an accountResetToken only when the person
// submits a new password: the server mails the "password reset" notice at
// that moment, and a link merely opened should not trigger it.
import { useEffect, useState } from 'preact/hooks';
import { client } from '../api.js';
import { Step } from '../components/step.js';
import { errorMessage } from '../errors.js';
import { t } from '../i18n/index.js';
import { navigate, query } from '../router.js';
import { getReset, normalizeCode, setReset, type ResetState } from './state.js';
import { ExpiredStep, NewPasswordStep } from './steps.js';

type View =
  | { name: 'checking' }
  | { name: 'password'; reset: ResetState & { linkCode: string } }
  | { name: 'expired'; message: string };

/** The link's values, taken out of the URL; or those a reload finds in this tab. */
function fromLink(): ResetState | undefined {
  const q = query();
  const token = q.get('token');
  const code = q.get('code');
  const email = q.get('email');
  if (token && code && email) {
    const reset = {
      email,
      passwordForgotToken: token.toLowerCase(),
      linkCode: normalizeCode(code),
    };
    setReset(reset);
    q.delete('token');
    q.delete('code');
    const rest = q.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}`);
    return reset;
  }
  const saved = getReset();
  return saved?.linkCode ? saved : undefined;
}

export function CompleteResetPassword() {
  const [view, setView] = useState<View>({ name: 'checking' });
  useEffect(() => {
    const reset = fromLink();
    if (!reset?.linkCode) {
      return setView({ name: 'expired', message: t('reset.linkMissing') });
    }
    const ready = { ...reset, linkCode: reset.linkCode };
    // A used or lapsed link says so before the person types a new password.
    if (reset.accountResetToken) return setView({ name: 'password', reset: ready });
    client.passwordForgotStatus(reset.passwordForgotToken).then(
      // The server's spelling of the address over the link's, as in flow.tsx.
      ({ email }) =>
        setView({ name: 'password', reset: { ...ready, email: email ?? ready.email } }),
      (err: unknown) => {
        setReset(undefined);
        setView({ name: 'expired', message: errorMessage(err, 'resetLink') });
      },
    );
  }, []);

  if (view.name === 'checking') {
    return (
      <Step title={t('reset.heading')}>
        <p role="status">{t('common.working')}</p>
      </Step>
    );
  }
  if (view.name === 'expired') {
    return (
      <ExpiredStep
        message={view.message}
        onStartOver={() => {
          setReset(undefined);
          // The query left is the email (and service): the new request starts prefilled.
          navigate('/reset_password');
        }}
      />
    );
  }
  const { reset } = view;
  // Kept once had: a retry after a failed reset must not spend the spent code again.
  async function resetToken(): Promise<string> {
    const saved = getReset();
    if (saved?.accountResetToken) return saved.accountResetToken;
    const { accountResetToken } = await client.passwordForgotVerifyCode(
      reset.passwordForgotToken,
      reset.linkCode,
    );
    setReset({ ...reset, accountResetToken });
    return accountResetToken;
  }
  return (
    <NewPasswordStep
      email={reset.email}
      resetToken={resetToken}
      context="resetLink"
      onExpired={(message) => {
        setReset(undefined);
        setView({ name: 'expired', message });
      }}
    />
  );
}
