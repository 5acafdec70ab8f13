// Leaving: signing this session out, and deleting the account. Both do the
// server side first and then tell Firefox, which only signs itself out
// locally (firefox.md §2.3). Deleting asks for the password again, after a
// plain warning of what is lost, and only once the person asked to delete.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ERRNO, FxaError } from '../../client/index.js';
import { client } from '../api.js';
import { Field, Form, LinkButton } from '../components/form.js';
import { Alert } from '../components/step.js';
import { errorMessage } from '../errors.js';
import { t } from '../i18n/index.js';
import { navigate } from '../router.js';
import { clearSession } from '../session.js';
import { signOut } from '../sign-out.js';
import { firefoxDelete } from './firefox.js';
import type { SectionProps } from './page.js';

export function SignOutSection(props: SectionProps) {
  const [busy, setBusy] = useState(false);
  const [alert, setAlert] = useState<string>();
  async function leave() {
    setBusy(true);
    setAlert(undefined);
    const failed = await signOut(props.session);
    if (failed === undefined) return navigate('/', { query: '' });
    setAlert(failed);
    setBusy(false);
  }
  return (
    <section class="settings-section" aria-labelledby="signout-heading">
      <h2 id="signout-heading">{t('settings.signOut.heading')}</h2>
      <p>{t('settings.signOut.intro')}</p>
      <Alert message={alert} />
      <button
        type="button"
        class="secondary"
        disabled={busy}
        aria-busy={busy ? 'true' : undefined}
        onClick={() => void leave()}
      >
        {busy ? t('common.working') : t('common.signOut')}
      </button>
    </section>
  );
}

export function DeleteSection(props: SectionProps & { onDeleted: () => void }) {
  const { session } = props;
  const [asking, setAsking] = useState(false);
  const start = useRef<HTMLButtonElement>(null);
  // Back from the password form, the focus returns to the button that opened it.
  const cancelled = useRef(false);
  useEffect(() => {
    if (!asking && cancelled.current) start.current?.focus();
  }, [asking]);
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string>();
  const [alert, setAlert] = useState<string>();

  async function destroy() {
    setFieldError(undefined);
    setAlert(undefined);
    if (!password) return setFieldError(t('error.required'));
    try {
      await client.accountDestroy(session.email, password);
    } catch (err) {
      if (err instanceof FxaError && err.errno === ERRNO.INCORRECT_PASSWORD) {
        return setFieldError(errorMessage(err));
      }
      return setAlert(errorMessage(err));
    }
    await firefoxDelete(session.uid);
    clearSession();
    props.onDeleted();
  }

  return (
    <section class="settings-section danger" aria-labelledby="delete-heading">
      <h2 id="delete-heading">{t('settings.delete.heading')}</h2>
      <p id="delete-warning" class="warning">
        {t('settings.delete.warning')}
      </p>
      {!asking ? (
        <button type="button" class="secondary danger" ref={start} onClick={() => setAsking(true)}>
          {t('settings.delete.start')}
        </button>
      ) : (
        <>
          <Alert id="delete-alert" message={alert} />
          <Form action={destroy} submit={t('settings.delete.submit')} destructive>
            <input type="email" hidden readOnly autocomplete="username" value={session.email} />
            <Field
              id="delete-password"
              type="password"
              label={t('settings.delete.password')}
              autocomplete="current-password"
              required
              focus
              value={password}
              onValue={setPassword}
              error={fieldError}
              alertId="delete-alert"
            />
          </Form>
          <LinkButton
            onClick={() => {
              cancelled.current = true;
              setAsking(false);
              setPassword('');
            }}
          >
            {t('settings.delete.cancel')}
          </LinkButton>
        </>
      )}
    </section>
  );
}
