// The account settings at /settings (and /settings/clients, which lands on
// the devices): the profile, the password, what is signed in, signing out
// and deleting the account, each a section of one page. Every section gets
// the signed-in session and two ways out: a new session (after a password
// change) and the end of it (the server no longer knows the token).
import './settings.css';
import { useState } from 'preact/hooks';
import { Step } from '../components/step.js';
import { t } from '../i18n/index.js';
import { usePath } from '../router.js';
import type { StoredSession } from '../session.js';
import { signInFirst, useAccount } from './account.js';
import { ClientsSection } from './clients.js';
import { DeleteSection, SignOutSection } from './leave.js';
import { PasswordSection } from './password.js';
import { ProfileSection } from './profile.js';

/** What every section receives. */
export interface SectionProps {
  session: StoredSession;
  /** The session was replaced (a password change ends every session and signs in anew). */
  onSession: (session: StoredSession) => void;
  /** The server no longer accepts the session: sign in again. */
  onEnded: () => void;
}

export function Settings() {
  // First: its listener must be there before useAccount may move to /settings/clients.
  const path = usePath();
  const [account, setAccount] = useAccount();
  const [deleted, setDeleted] = useState<string>();
  // Bumped when something else signed out: the list of clients reloads.
  const [generation, setGeneration] = useState(0);
  if (deleted !== undefined) return <Deleted email={deleted} />;
  if (account.name === 'loading') {
    return (
      <Step title={t('settings.heading')}>
        <p role="status">{t('settings.loading')}</p>
      </Step>
    );
  }
  const props: SectionProps = {
    session: account.session,
    onSession: (session) => {
      setAccount(session);
      setGeneration((n) => n + 1);
    },
    onEnded: signInFirst,
  };
  return (
    <Step title={t('settings.heading')}>
      <ProfileSection {...props} />
      <PasswordSection {...props} />
      <ClientsSection
        {...props}
        generation={generation}
        focus={path.replace(/\/+$/, '') === '/settings/clients'}
      />
      <SignOutSection {...props} />
      <DeleteSection {...props} onDeleted={() => setDeleted(account.session.email)} />
    </Step>
  );
}

function Deleted(props: { email: string }) {
  return (
    <Step title={t('settings.deleted.heading')}>
      <p>{t('settings.deleted.body', { email: props.email })}</p>
      <p>
        <a href="/">{t('settings.deleted.home')}</a>
      </p>
    </Step>
  );
}
