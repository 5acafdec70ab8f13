// What is signed in to the account: web sessions, Firefox devices and
// OAuth apps, as attached_clients lists them. Each but this page's own
// session can be disconnected; this one signs out with "Sign out" below,
// which also tells Firefox when the session is Firefox's.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { AttachedClient } from '../../client/index.js';
import { client } from '../api.js';
import { LinkButton } from '../components/form.js';
import { Alert, Notice } from '../components/step.js';
import { errorMessage } from '../errors.js';
import { locale, t, type MessageKey } from '../i18n/index.js';
import { sessionEnded } from './account.js';
import type { SectionProps } from './page.js';

const TYPES: Record<string, MessageKey> = {
  desktop: 'settings.clients.type.desktop',
  mobile: 'settings.clients.type.mobile',
  tablet: 'settings.clients.type.tablet',
  vr: 'settings.clients.type.vr',
  tv: 'settings.clients.type.tv',
};

function label(c: AttachedClient): string {
  if (c.name) return c.name;
  if (c.deviceId) return t('settings.clients.unnamed');
  return t('settings.clients.webSession');
}

/** "3 minutes ago", in the page's language; the server reports milliseconds. */
function ago(ms: number): string {
  const seconds = Math.round((ms - Date.now()) / 1000);
  const format = new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' });
  const abs = Math.abs(seconds);
  if (abs < 60) return format.format(seconds, 'second');
  if (abs < 3600) return format.format(Math.round(seconds / 60), 'minute');
  if (abs < 86400) return format.format(Math.round(seconds / 3600), 'hour');
  return format.format(Math.round(seconds / 86400), 'day');
}

export function ClientsSection(props: SectionProps & { generation: number; focus: boolean }) {
  const { session } = props;
  const [clients, setClients] = useState<AttachedClient[]>();
  // Loading failed and nothing was loaded before: no list to show, and no spinner.
  const [failed, setFailed] = useState(false);
  const [alert, setAlert] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const heading = useRef<HTMLHeadingElement>(null);

  async function load() {
    setFailed(false);
    try {
      setClients(await client.attachedClients(session.sessionToken));
      setAlert(undefined);
    } catch (err) {
      if (sessionEnded(err)) return props.onEnded();
      setFailed(true);
      setAlert(errorMessage(err));
    }
  }
  useEffect(() => {
    void load();
  }, [session.sessionToken, props.generation]);

  // /settings/clients: once the list is there, it is where the person lands.
  const loaded = clients !== undefined;
  useEffect(() => {
    if (!props.focus || !loaded) return;
    heading.current?.focus();
    heading.current?.scrollIntoView();
  }, [props.focus, loaded]);

  async function disconnect(c: AttachedClient) {
    setAlert(undefined);
    setNotice(undefined);
    try {
      await client.destroyAttachedClient(session.sessionToken, c);
      // Its row goes with the notice, not only when the fresh list arrives:
      // "disconnected" beside a row still listed would read as a failure.
      setClients((list) => list?.filter((other) => other !== c));
      setNotice(t('settings.clients.disconnected', { name: label(c) }));
      await load();
      // The button that had the focus is gone with its row: the list takes it.
      heading.current?.focus();
    } catch (err) {
      if (sessionEnded(err)) return props.onEnded();
      setAlert(errorMessage(err));
    }
  }

  const others = clients?.filter((c) => !c.isCurrentSession) ?? [];
  const own = clients?.filter((c) => c.isCurrentSession) ?? [];
  return (
    <section class="settings-section" aria-labelledby="clients-heading" id="clients">
      <h2 id="clients-heading" tabIndex={-1} ref={heading}>
        {t('settings.clients.heading')}
      </h2>
      <p>{t('settings.clients.intro')}</p>
      <Alert message={alert} />
      <Notice message={notice} />
      {clients === undefined ? (
        !failed && <p role="status">{t('common.working')}</p>
      ) : (
        <ul class="clients">
          {[...own, ...others].map((c) => (
            <ClientRow
              key={`${c.sessionTokenId ?? ''}:${c.deviceId ?? ''}:${c.clientId ?? ''}`}
              client={c}
              onDisconnect={() => disconnect(c)}
            />
          ))}
        </ul>
      )}
      {clients !== undefined && others.length === 0 && <p>{t('settings.clients.none')}</p>}
      <LinkButton onClick={load}>{t('settings.clients.refresh')}</LinkButton>
    </section>
  );
}

function ClientRow(props: { client: AttachedClient; onDisconnect: () => Promise<void> }) {
  const c = props.client;
  const [busy, setBusy] = useState(false);
  const type = c.deviceType ? TYPES[c.deviceType] : undefined;
  const name = label(c);
  async function click() {
    setBusy(true);
    try {
      await props.onDisconnect();
    } finally {
      setBusy(false);
    }
  }
  return (
    <li class="client">
      <div>
        <strong>{name}</strong>
        {c.isCurrentSession && <span class="badge">{t('settings.clients.current')}</span>}
        <br />
        <span class="muted">
          {type ? `${t(type)} · ` : ''}
          {t('settings.clients.lastActive', { when: ago(c.lastAccessTime) })}
        </span>
      </div>
      {!c.isCurrentSession && (
        <button
          type="button"
          class="secondary"
          disabled={busy}
          aria-label={t('settings.clients.disconnectNamed', { name })}
          onClick={() => void click()}
        >
          {busy ? t('common.working') : t('settings.clients.disconnect')}
        </button>
      )}
    </li>
  );
}
