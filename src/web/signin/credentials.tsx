// The steps that take what the person types: the email, then the password
// of an existing account or a new one for a new account. Each reports what
// it learned to flow.tsx, which decides the next step.
import { useState } from 'preact/hooks';
import { ERRNO, FxaError, type SessionInfo } from '../../client/index.js';
import { client } from '../api.js';
import { Field, Form, LinkButton } from '../components/form.js';
import { NewPasswordFields, checkNewPassword } from '../components/new-password.js';
import { Alert, Step } from '../components/step.js';
import { errorMessage } from '../errors.js';
import { t } from '../i18n/index.js';
import { query } from '../router.js';

/** FxA's minimum (and what the sign-up hint promises). */
const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+$/.test(value);

/** Options every sign-in or sign-up request of the flow carries. */
export interface AuthOptions {
  /** A keyFetchToken, for Firefox's keys; only when signing Firefox in. */
  keys: boolean;
  service?: string | undefined;
}

export const authOpts = (o: AuthOptions) => ({
  keys: o.keys,
  verificationMethod: 'email-otp' as const,
  ...(o.service ? { service: o.service } : {}),
});

export function EmailStep(props: {
  initial: string;
  subtitle?: string | undefined;
  onDone: (email: string, exists: boolean) => void;
}) {
  const [email, setEmail] = useState(props.initial);
  const [error, setError] = useState<string>();
  async function submit() {
    const address = email.trim();
    if (!looksLikeEmail(address)) return setError(t('error.invalidEmail'));
    try {
      const { exists } = await client.accountStatus(address);
      props.onDone(address, exists);
    } catch (err) {
      setError(errorMessage(err));
    }
  }
  return (
    <Step title={t('signin.email.heading')}>
      {props.subtitle && <p>{props.subtitle}</p>}
      <Form action={submit} submit={t('common.continue')}>
        <Field
          id="email"
          type="email"
          label={t('signin.email.label')}
          autocomplete="email"
          required
          value={email}
          onValue={setEmail}
          error={error}
        />
      </Form>
    </Step>
  );
}

export function PasswordStep(props: {
  email: string;
  opts: AuthOptions;
  onSignedIn: (session: SessionInfo) => void;
  /** Errno 125: the login is past the failure limit and needs an unblock code. */
  onBlocked: (password: string) => void;
  onUnknown: () => void;
  /** Absent when the address is fixed (/force_auth). */
  onChangeEmail?: (() => void) | undefined;
  /** Shown at the field from the start: the unblock step sent a wrong password back. */
  error?: string | undefined;
}) {
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>(props.error);
  const [alert, setAlert] = useState<string>();
  async function submit() {
    setFieldError(undefined);
    setAlert(undefined);
    if (!password) return setFieldError(t('error.required'));
    try {
      props.onSignedIn(await client.signIn(props.email, password, authOpts(props.opts)));
    } catch (err) {
      const errno = err instanceof FxaError ? err.errno : undefined;
      if (errno === ERRNO.REQUEST_BLOCKED) return props.onBlocked(password);
      if (errno === ERRNO.UNKNOWN_ACCOUNT) return props.onUnknown();
      if (errno === ERRNO.INCORRECT_PASSWORD) return setFieldError(errorMessage(err));
      setAlert(errorMessage(err));
    }
  }
  return (
    <Step title={t('signin.password.heading')}>
      <p>{t('signin.password.as', { email: props.email })}</p>
      <Alert id="password-alert" message={alert} />
      <Form action={submit} submit={t('signin.password.submit')}>
        <input type="email" hidden readOnly autocomplete="username" value={props.email} />
        <Field
          id="password"
          type="password"
          label={t('signin.password.label')}
          autocomplete="current-password"
          required
          value={password}
          onValue={setPassword}
          error={fieldError}
          alertId="password-alert"
        />
      </Form>
      <p>
        <a href={resetLink(props.email)}>{t('reset.forgot')}</a>
      </p>
      {props.onChangeEmail && (
        <LinkButton onClick={props.onChangeEmail}>{t('signin.changeEmail')}</LinkButton>
      )}
    </Step>
  );
}

/**
 * The forgotten-password page (src/web/reset), with the address already
 * typed and the rest of this page's query (Firefox's flow, when Firefox
 * opened it) carried along, so the reset can lead back into that flow.
 */
function resetLink(email: string): string {
  const q = query();
  q.set('email', email);
  return `/reset_password?${q.toString()}`;
}

export function SignupStep(props: {
  email: string;
  opts: AuthOptions;
  onSignedUp: (session: SessionInfo) => void;
  /** Absent when the address is fixed (/force_auth). */
  onChangeEmail?: (() => void) | undefined;
}) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({});
  const [alert, setAlert] = useState<string>();
  async function submit() {
    setAlert(undefined);
    const found = checkNewPassword(password, confirm, {
      tooShort: t('signin.signup.tooShort'),
      mismatch: t('signin.signup.mismatch'),
    });
    setErrors(found);
    if (found.password || found.confirm) return;
    try {
      props.onSignedUp(await client.signUp(props.email, password, authOpts(props.opts)));
    } catch (err) {
      setAlert(errorMessage(err));
    }
  }
  return (
    <Step title={t('signin.signup.heading')}>
      <p>{t('signin.signup.intro', { email: props.email })}</p>
      <Alert id="signup-alert" message={alert} />
      <Form action={submit} submit={t('signin.signup.submit')}>
        <input type="email" hidden readOnly autocomplete="username" value={props.email} />
        <NewPasswordFields
          labels={{
            password: t('signin.signup.password'),
            confirm: t('signin.signup.confirm'),
            hint: t('signin.signup.hint'),
          }}
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          errors={errors}
          alertId="signup-alert"
        />
      </Form>
      {props.onChangeEmail && (
        <LinkButton onClick={props.onChangeEmail}>{t('signin.changeEmail')}</LinkButton>
      )}
    </Step>
  );
}
