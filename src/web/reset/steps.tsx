// The steps both ways into a reset share: the warning, choosing the new
// password, and the dead end of an expired reset. The warning is shown
// before anything is sent and again where the person commits, since a
// reset replaces kB (api-v1.md: /account/reset draws a new wrapWrapKb):
// whatever was encrypted under the old one cannot be read again.
import { useState } from 'preact/hooks';
import { ERRNO, FxaError } from '../../client/index.js';
import { client } from '../api.js';
import { Form } from '../components/form.js';
import { Alert, Step } from '../components/step.js';
import { errorMessage, type ErrorContext } from '../errors.js';
import { t } from '../i18n/index.js';
import { NewPasswordFields, checkNewPassword } from '../components/new-password.js';
import { backToFirefoxSignIn, finishReset, fromFirefoxSignIn, resetLapsed } from './state.js';

export function ResetWarning() {
  return (
    <p id="reset-warning" class="warning">
      {t('reset.warning')}
    </p>
  );
}

interface Errors {
  password?: string;
  confirm?: string;
  accept?: string;
}

export function NewPasswordStep(props: {
  email: string;
  /** The accountResetToken, from state or by trading the link's code for one now. */
  resetToken: () => Promise<string>;
  context: ErrorContext;
  onExpired: (message: string) => void;
}) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [accepted, setAccepted] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const [alert, setAlert] = useState<string>();

  async function submit() {
    setAlert(undefined);
    const mistyped = checkNewPassword(password, confirm, {
      tooShort: t('reset.new.tooShort'),
      mismatch: t('reset.new.mismatch'),
    });
    const found: Errors =
      mistyped.password || mistyped.confirm || accepted
        ? mistyped
        : { accept: t('reset.new.mustAccept') };
    setErrors(found);
    if (Object.keys(found).length) return;
    try {
      const token = await props.resetToken();
      if (fromFirefoxSignIn()) {
        // Firefox signs in by itself next; a session of the page's own would be left over.
        await client.accountReset(token, props.email, password);
        return backToFirefoxSignIn(props.email);
      }
      finishReset(await client.accountReset(token, props.email, password, { sessionToken: true }));
    } catch (err) {
      // A link's code is not the person's to retype: any refusal of it ends the reset.
      const linkRefused =
        props.context === 'resetLink' &&
        err instanceof FxaError &&
        err.errno === ERRNO.INVALID_VERIFICATION_CODE;
      if (linkRefused || resetLapsed(err)) return props.onExpired(errorMessage(err, props.context));
      setAlert(errorMessage(err, props.context));
    }
  }

  return (
    <Step title={t('reset.new.heading')}>
      <p>{t('reset.new.intro', { email: props.email })}</p>
      <ResetWarning />
      <Alert id="reset-alert" message={alert} />
      <Form action={submit} submit={t('reset.new.submit')}>
        <input type="email" hidden readOnly autocomplete="username" value={props.email} />
        <NewPasswordFields
          labels={{
            password: t('reset.new.password'),
            confirm: t('reset.new.confirm'),
            hint: t('reset.new.hint'),
          }}
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          errors={errors}
          alertId="reset-alert"
        />
        <div class="field">
          <label class="check" for="reset-accept">
            <input
              type="checkbox"
              id="reset-accept"
              checked={accepted}
              onChange={(e) => setAccepted(e.currentTarget.checked)}
              aria-invalid={errors.accept ? 'true' : undefined}
              aria-describedby={
                errors.accept ? 'reset-warning reset-accept-error' : 'reset-warning'
              }
            />
            {t('reset.new.understand')}
          </label>
          {errors.accept && (
            <p id="reset-accept-error" class="field-error" role="alert">
              {errors.accept}
            </p>
          )}
        </div>
      </Form>
    </Step>
  );
}

/** The reset cannot go on: the mailed token or code lapsed, was used, or ran out of tries. */
export function ExpiredStep(props: { message: string; onStartOver: () => void }) {
  return (
    <Step title={t('reset.heading')}>
      <Alert message={props.message} />
      <button type="button" class="primary" onClick={props.onStartOver}>
        {t('reset.startOver')}
      </button>
    </Step>
  );
}
