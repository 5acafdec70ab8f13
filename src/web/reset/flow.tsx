// /reset_password: the forgotten-password flow started here, with the code
// typed in. The email (prefilled from ?email=, as the sign-in page and the
// password-changed mail link it) gets a mail with a code and a link; the
// code, typed into this tab, buys an accountResetToken; a new password,
// chosen after the warning, resets the account and signs in. Opening the
// link instead continues in /complete_reset_password (complete.tsx).
import { useEffect, useState } from 'preact/hooks';
import { client } from '../api.js';
import { Field, Form, LinkButton } from '../components/form.js';
import { Alert, Notice, Step } from '../components/step.js';
import { errorMessage } from '../errors.js';
import { t } from '../i18n/index.js';
import { query } from '../router.js';
import { getReset, normalizeCode, resetLapsed, setReset, type ResetState } from './state.js';
import { ExpiredStep, NewPasswordStep, ResetWarning } from './steps.js';

const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+$/.test(value);
/** The server's reset code: 16 random bytes in hex (api-v1.md, password/forgot). */
const CODE = /^[0-9a-f]{32}$/;

type View =
  | { name: 'email' }
  | { name: 'code'; reset: ResetState }
  | { name: 'password'; reset: ResetState & { accountResetToken: string } }
  | { name: 'expired'; message: string };

function resume(): View {
  const reset = getReset();
  if (!reset || reset.linkCode) return { name: 'email' };
  if (reset.accountResetToken) {
    return { name: 'password', reset: { ...reset, accountResetToken: reset.accountResetToken } };
  }
  return { name: 'code', reset };
}

export function ResetPassword() {
  const [view, setView] = useState<View>(resume);
  const startOver = () => {
    setReset(undefined);
    setView({ name: 'email' });
  };
  switch (view.name) {
    case 'email':
      return <EmailStep onSent={(reset) => setView({ name: 'code', reset })} />;
    case 'code':
      return (
        <CodeStep
          reset={view.reset}
          onVerified={(accountResetToken) => {
            const reset = { ...view.reset, accountResetToken };
            setReset(reset);
            setView({ name: 'password', reset });
          }}
          onExpired={(message) => setView({ name: 'expired', message })}
        />
      );
    case 'password':
      return (
        <NewPasswordStep
          email={view.reset.email}
          resetToken={() => Promise.resolve(view.reset.accountResetToken)}
          context="reset"
          onExpired={(message) => setView({ name: 'expired', message })}
        />
      );
    case 'expired':
      return <ExpiredStep message={view.message} onStartOver={startOver} />;
  }
}

function EmailStep(props: { onSent: (reset: ResetState) => void }) {
  const [email, setEmail] = useState(() => query().get('email') ?? '');
  const [error, setError] = useState<string>();
  async function send() {
    const address = email.trim();
    if (!looksLikeEmail(address)) return setError(t('error.invalidEmail'));
    setError(undefined);
    try {
      const service = query().get('service');
      const sent = await client.passwordForgotSendCode(address, service ? { service } : {});
      // The account's spelling, not the typed one: the new password is
      // stretched with it, and sign-in compares the exact string.
      const reset = { email: sent.email ?? address, passwordForgotToken: sent.passwordForgotToken };
      setReset(reset);
      props.onSent(reset);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <Step title={t('reset.heading')}>
      <p>{t('reset.intro')}</p>
      <ResetWarning />
      <Form action={send} submit={t('reset.send')}>
        <Field
          id="email"
          type="email"
          label={t('reset.email')}
          autocomplete="email"
          required
          value={email}
          onValue={setEmail}
          error={error}
        />
      </Form>
      <p class="aside">
        <a href="/">{t('reset.remembered')}</a>
      </p>
    </Step>
  );
}

function CodeStep(props: {
  reset: ResetState;
  onVerified: (accountResetToken: string) => void;
  onExpired: (message: string) => void;
}) {
  const { email, passwordForgotToken } = props.reset;
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const [alert, setAlert] = useState<string>();
  const [notice, setNotice] = useState<string>();

  // Back in a tab after a while (or a reload): the code may have lapsed meanwhile.
  useEffect(() => {
    client.passwordForgotStatus(passwordForgotToken).catch((err: unknown) => {
      props.onExpired(errorMessage(err, 'reset'));
    });
  }, []);

  async function verify() {
    setError(undefined);
    setAlert(undefined);
    const typed = normalizeCode(code);
    if (!CODE.test(typed)) return setError(t('reset.code.format'));
    try {
      const { accountResetToken } = await client.passwordForgotVerifyCode(
        passwordForgotToken,
        typed,
      );
      props.onVerified(accountResetToken);
    } catch (err) {
      const message = errorMessage(err, 'reset');
      if (resetLapsed(err)) return props.onExpired(message);
      setError(message);
    }
  }

  async function resend() {
    setAlert(undefined);
    setNotice(undefined);
    try {
      const service = query().get('service');
      await client.passwordForgotResendCode(passwordForgotToken, email, service ? { service } : {});
      setNotice(t('reset.code.resent', { email }));
    } catch (err) {
      setAlert(errorMessage(err, 'reset'));
    }
  }

  return (
    <Step title={t('reset.code.heading')}>
      <p>{t('reset.code.intro', { email })}</p>
      <Alert id="code-alert" message={alert} />
      <Notice message={notice} />
      <Form action={verify} submit={t('reset.code.submit')}>
        <Field
          id="reset-code"
          type="text"
          label={t('reset.code.label')}
          autocomplete="one-time-code"
          autocapitalize="off"
          required
          hint={t('reset.code.format')}
          value={code}
          onValue={setCode}
          error={error}
          alertId="code-alert"
        />
      </Form>
      <LinkButton onClick={resend}>{t('reset.code.resend')}</LinkButton>
      <p class="aside">
        <a href="/">{t('reset.remembered')}</a>
      </p>
    </Step>
  );
}
