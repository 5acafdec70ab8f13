// The email (as the account spells it, not editable here) and the display
// name, which the profile server keeps and Firefox shows in its menus.
import { useEffect, useRef, useState } from 'preact/hooks';
import { client } from '../api.js';
import { Field, Form } from '../components/form.js';
import { Alert, Notice } from '../components/step.js';
import { errorMessage } from '../errors.js';
import { t } from '../i18n/index.js';
import { sessionEnded } from './account.js';
import { firefoxProfileChanged } from './firefox.js';
import type { SectionProps } from './page.js';

/** The profile server's limit on a display name. */
const MAX_NAME_LENGTH = 256;

export function ProfileSection(props: SectionProps) {
  const { session } = props;
  const [name, setName] = useState('');
  const [alert, setAlert] = useState<string>();
  const [notice, setNotice] = useState<string>();
  // The stored name arrives after the page shows; whatever the person typed
  // meanwhile must not be replaced by it (and then saved as the old name).
  const typed = useRef(false);

  useEffect(() => {
    client.accountProfile(session.sessionToken).then(
      (profile) => {
        if (!typed.current) setName(profile.displayName ?? '');
      },
      (err: unknown) => (sessionEnded(err) ? props.onEnded() : setAlert(errorMessage(err))),
    );
  }, [session.sessionToken]);

  async function save() {
    setAlert(undefined);
    setNotice(undefined);
    try {
      await client.setDisplayName(session.sessionToken, name.trim());
      setNotice(t('settings.profile.saved'));
      void firefoxProfileChanged(session.uid);
    } catch (err) {
      if (sessionEnded(err)) return props.onEnded();
      setAlert(errorMessage(err));
    }
  }

  return (
    <section class="settings-section" aria-labelledby="profile-heading">
      <h2 id="profile-heading">{t('settings.profile.heading')}</h2>
      <dl class="facts">
        <dt>{t('settings.profile.email')}</dt>
        <dd>{session.email}</dd>
      </dl>
      <Alert id="profile-alert" message={alert} />
      <Notice message={notice} />
      <Form action={save} submit={t('settings.profile.save')}>
        <Field
          id="display-name"
          type="text"
          label={t('settings.profile.displayName')}
          autocomplete="nickname"
          maxLength={MAX_NAME_LENGTH}
          hint={t('settings.profile.displayNameHint')}
          value={name}
          onValue={(value) => {
            typed.current = true;
            setName(value);
          }}
          alertId="profile-alert"
        />
      </Form>
    </section>
  );
}
