// The steps that wait on a mailed code: the 6-digit confirmation code of
// an unverified account (also satisfied by the mailed link, opened in any
// tab or device, which the page notices by polling), and the unblock code
// of a login past the failure limit (errno 125).
import { useEffect, useRef, useState } from 'preact/hooks';
import { ERRNO, FxaError, type SessionInfo } from '../../client/index.js';
import { client } from '../api.js';
import { Field, Form, LinkButton } from '../components/form.js';
import { Alert, Notice, Step } from '../components/step.js';
import { errorMessage } from '../errors.js';
import { t } from '../i18n/index.js';
import type { StoredSession } from '../session.js';
import { authOpts, type AuthOptions } from './credentials.js';

/** How often the waiting page asks whether the link was opened elsewhere. */
export const VERIFY_POLL_MS = 2000;

// The answers that mean "not that code", shown at the field rather than above the form.
const WRONG_CODE: number[] = [
  ERRNO.INVALID_VERIFICATION_CODE,
  ERRNO.INVALID_PARAMETER,
  ERRNO.INVALID_EXPIRED_OTP_CODE,
];
const WRONG_UNBLOCK_CODE: number[] = [ERRNO.INVALID_PARAMETER, ERRNO.INVALID_UNBLOCK_CODE];

export function CodeStep(props: {
  session: StoredSession;
  service?: string | undefined;
  onVerified: () => void;
  onSessionEnded: () => void;
}) {
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [alert, setAlert] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const done = useRef(false);
  const { sessionToken, email } = props.session;

  function finish() {
    if (done.current) return;
    done.current = true;
    props.onVerified();
  }

  useEffect(() => {
    const timer = setInterval(() => {
      client.recoveryEmailStatus(sessionToken).then(
        (status) => status.verified && finish(),
        (err: unknown) => {
          if (err instanceof FxaError && err.errno === ERRNO.INVALID_TOKEN) props.onSessionEnded();
        },
      );
    }, VERIFY_POLL_MS);
    return () => clearInterval(timer);
  }, [sessionToken]);

  async function submit() {
    setFieldError(undefined);
    setAlert(undefined);
    const typed = code.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(typed)) return setFieldError(t('signin.code.format'));
    try {
      await client.verifySessionCode(
        sessionToken,
        typed,
        props.service ? { service: props.service } : {},
      );
      finish();
    } catch (err) {
      if (err instanceof FxaError && err.errno === ERRNO.INVALID_TOKEN)
        return props.onSessionEnded();
      const wrong = err instanceof FxaError && WRONG_CODE.includes(err.errno);
      if (wrong) setFieldError(errorMessage(err, 'code'));
      else setAlert(errorMessage(err, 'code'));
    }
  }

  async function resend() {
    setAlert(undefined);
    setNotice(undefined);
    try {
      await client.resendSessionCode(sessionToken);
      setNotice(t('signin.code.resent', { email }));
    } catch (err) {
      setAlert(errorMessage(err));
    }
  }

  return (
    <Step title={t('signin.code.heading')}>
      <p>{t('signin.code.intro', { email })}</p>
      <Alert id="code-alert" message={alert} />
      <Notice message={notice} />
      <Form action={submit} submit={t('signin.code.submit')}>
        <Field
          id="code"
          type="text"
          inputMode="numeric"
          autocomplete="one-time-code"
          maxLength={8}
          label={t('signin.code.label')}
          required
          value={code}
          onValue={setCode}
          error={fieldError}
          alertId="code-alert"
        />
      </Form>
      <LinkButton onClick={resend}>{t('signin.code.resend')}</LinkButton>
    </Step>
  );
}

export function UnblockStep(props: {
  email: string;
  /** Held in memory only, to repeat the login the server blocked. */
  password: string;
  opts: AuthOptions;
  onSignedIn: (session: SessionInfo) => void;
  /**
   * The code was good but the password was not (103): the code is spent, and
   * only the password step can take another password.
   */
  onWrongPassword: (message: string) => void;
  /** Absent when the address is fixed (/force_auth). */
  onChangeEmail?: (() => void) | undefined;
}) {
  const [sent, setSent] = useState(false);
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [alert, setAlert] = useState<string>();

  async function send() {
    setAlert(undefined);
    try {
      await client.sendUnblockCode(props.email);
      setSent(true);
    } catch (err) {
      setAlert(errorMessage(err));
    }
  }

  async function submit() {
    setFieldError(undefined);
    setAlert(undefined);
    const typed = code.trim().toUpperCase();
    if (!/^[0-9A-Z]{8}$/.test(typed)) return setFieldError(t('signin.unblock.format'));
    try {
      const opts = { ...authOpts(props.opts), unblockCode: typed };
      props.onSignedIn(await client.signIn(props.email, props.password, opts));
    } catch (err) {
      if (err instanceof FxaError && err.errno === ERRNO.INCORRECT_PASSWORD) {
        return props.onWrongPassword(errorMessage(err));
      }
      const wrong = err instanceof FxaError && WRONG_UNBLOCK_CODE.includes(err.errno);
      if (wrong) setFieldError(errorMessage(err, 'unblock'));
      else setAlert(errorMessage(err, 'unblock'));
    }
  }

  return (
    <Step title={t('signin.unblock.heading')}>
      <p>{t('signin.unblock.intro', { email: props.email })}</p>
      <Alert id="unblock-alert" message={alert} />
      {sent ? (
        <>
          <Notice message={t('signin.unblock.sent', { email: props.email })} />
          <Form action={submit} submit={t('signin.unblock.submit')}>
            <Field
              id="unblock-code"
              type="text"
              autocomplete="one-time-code"
              autocapitalize="characters"
              maxLength={8}
              label={t('signin.unblock.label')}
              required
              value={code}
              onValue={setCode}
              error={fieldError}
              alertId="unblock-alert"
              focus
            />
          </Form>
        </>
      ) : (
        <Form action={send} submit={t('signin.unblock.send')} />
      )}
      {props.onChangeEmail && (
        <LinkButton onClick={props.onChangeEmail}>{t('signin.changeEmail')}</LinkButton>
      )}
    </Step>
  );
}
