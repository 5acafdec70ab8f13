// Changing the password while it is known: the client re-wraps kB under
// the new password, so synced data stays readable (onepw keeps kB across a
// change, unlike a reset). The server ends every session of the account,
// this one and Firefox's included, so the page keeps the new session the
// client signs in with, and hands it to Firefox when Firefox is there.
import { useState } from 'preact/hooks';
import { ERRNO, FxaError } from '../../client/index.js';
import { client } from '../api.js';
import { Field, Form } from '../components/form.js';
import { Alert, Notice } from '../components/step.js';
import { errorMessage } from '../errors.js';
import { t } from '../i18n/index.js';
import { NewPasswordFields, checkNewPassword } from '../components/new-password.js';
import { sessionEnded } from './account.js';
import { firefoxChangePassword } from './firefox.js';
import type { SectionProps } from './page.js';

interface Errors {
  current?: string;
  password?: string;
  confirm?: string;
}

export function PasswordSection(props: SectionProps) {
  const { session } = props;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [alert, setAlert] = useState<string>();
  const [notice, setNotice] = useState<string>();

  function check(): Errors {
    if (!current) return { current: t('error.required') };
    const mistyped = checkNewPassword(next, confirm, {
      tooShort: t('settings.password.tooShort'),
      mismatch: t('settings.password.mismatch'),
    });
    if (mistyped.password) return mistyped;
    if (next === current) return { password: t('settings.password.same') };
    return mistyped;
  }

  async function change() {
    setAlert(undefined);
    setNotice(undefined);
    const found = check();
    setErrors(found);
    if (Object.keys(found).length) return;
    try {
      const s = await client.passwordChange(session.email, current, next);
      const renewed = {
        uid: s.uid,
        email: s.email,
        sessionToken: s.sessionToken,
        verified: s.verified,
        authAt: s.authAt,
      };
      props.onSession(renewed);
      await firefoxChangePassword(renewed);
      setCurrent('');
      setNext('');
      setConfirm('');
      setNotice(t('settings.password.changed'));
    } catch (err) {
      if (err instanceof FxaError && err.errno === ERRNO.INCORRECT_PASSWORD) {
        return setErrors({ current: errorMessage(err) });
      }
      if (sessionEnded(err)) return props.onEnded();
      setAlert(errorMessage(err));
    }
  }

  return (
    <section class="settings-section" aria-labelledby="password-heading">
      <h2 id="password-heading">{t('settings.password.heading')}</h2>
      <Alert id="password-alert" message={alert} />
      <Notice message={notice} />
      <Form action={change} submit={t('settings.password.submit')}>
        <input type="email" hidden readOnly autocomplete="username" value={session.email} />
        <Field
          id="current-password"
          type="password"
          label={t('settings.password.current')}
          autocomplete="current-password"
          required
          value={current}
          onValue={setCurrent}
          error={errors.current}
          alertId="password-alert"
        />
        <NewPasswordFields
          labels={{
            password: t('settings.password.new'),
            confirm: t('settings.password.confirm'),
            hint: t('settings.password.hint'),
          }}
          password={next}
          confirm={confirm}
          onPassword={setNext}
          onConfirm={setConfirm}
          errors={errors}
        />
      </Form>
    </section>
  );
}
