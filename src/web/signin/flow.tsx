// The sign-in flow at / (and /signin, /signup, /force_auth...): email, then
// password or a new password, then the mailed code or link when the account
// is unverified, then either Firefox's handover (choose what to sync, keys,
// code, WebChannel) or, in a plain browser, the account settings.
//
// Whether Firefox is there is settled first (firefox.ts). The step and the
// email survive a reload through sessionStorage once a session exists; the
// password lives only in memory, for the one login an unblock code repeats.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { SessionInfo } from '../../client/index.js';
import { client } from '../api.js';
import { LinkButton } from '../components/form.js';
import { Alert, Step } from '../components/step.js';
import { errorMessage } from '../errors.js';
import { t } from '../i18n/index.js';
import { navigate } from '../router.js';
import { clearSession, getFlowState, getSession, setFlowState, setSession } from '../session.js';
import { WebChannelError, WebChannelTimeout } from '../webchannel.js';
import { ChooseStep } from './choose.js';
import { CodeStep, UnblockStep } from './codes.js';
import { EmailStep, PasswordStep, SignupStep, type AuthOptions } from './credentials.js';
import {
  askToLink,
  firefoxStatus,
  handOver,
  LinkRefused,
  lostFlow,
  NoOAuthFlow,
  oauthParams,
  StateMismatch,
  type FirefoxStatus,
  type SyncChoice,
} from './firefox.js';
import { flowParams, type FirefoxOAuth } from './params.js';

type Action = 'signin' | 'signup';
type StepState =
  | { name: 'starting' }
  // `error`: on the password step, a wrong password the unblock step sent back.
  | {
      name: 'email' | 'password' | 'signup' | 'code' | 'choose' | 'handover' | 'done';
      error?: string;
    }
  | { name: 'unblock'; password: string }
  | { name: 'stopped'; message: string };

/** What a reload needs to come back to the step it left. */
interface Saved {
  step: 'code' | 'choose';
  email: string;
  action: Action;
}
const FLOW = 'signin';

export function SigninFlow() {
  const params = useMemo(() => flowParams(), []);
  // /force_auth?email=: Firefox asks this account, and no other, to sign in again.
  const forced = location.pathname.startsWith('/force_auth') ? params.email : undefined;
  const changeEmail = forced ? undefined : () => setStep({ name: 'email' });
  const [step, setStep] = useState<StepState>({ name: 'starting' });
  const [email, setEmail] = useState(params.email ?? '');
  // Settled once at the start; read by the steps after verification.
  const firefox = useRef<{ status: FirefoxStatus; oauth: FirefoxOAuth }>(undefined);
  const action = useRef<Action>('signin');

  useEffect(() => {
    start().catch(stop);
  }, []);

  async function start() {
    const status = await firefoxStatus(params);
    if (status) firefox.current = { status, oauth: await oauthParams(params, status) };
    const saved = getFlowState<Saved>(FLOW);
    const session = getSession();
    if (!saved || !session || session.email !== saved.email) {
      return setStep({ name: forced ? 'password' : 'email' });
    }
    action.current = saved.action;
    setEmail(saved.email);
    if (saved.step === 'code' && session.verified) return verified();
    setStep({ name: saved.step });
  }

  function save(step: Saved['step']) {
    // The session's spelling of the address: the email state may not have caught up yet.
    const address = getSession()?.email ?? email;
    setFlowState<Saved>(FLOW, { step, email: address, action: action.current });
  }

  function stop(err: unknown) {
    let message: string;
    if (err instanceof NoOAuthFlow) message = t('signin.firefox.noFlow');
    else if (err instanceof LinkRefused) message = t('signin.firefox.linkRefused');
    // Firefox's own error text (INVALID_STATE, a TypeError...) is for its
    // log, not for the person: they learn what they can do about it.
    else if (lostFlow(err)) message = t('signin.firefox.lostFlow');
    else if (
      err instanceof WebChannelError ||
      err instanceof WebChannelTimeout ||
      err instanceof StateMismatch
    ) {
      message = t('signin.firefox.failed');
    } else message = errorMessage(err);
    setStep({ name: 'stopped', message });
  }

  async function signedIn(s: SessionInfo, how: Action) {
    if (firefox.current) {
      // Firefox may show the person a prompt; the password step must not take a second submit.
      setStep({ name: 'handover' });
      try {
        await askToLink(s);
      } catch (err) {
        // Declined: the new session is nobody's, so it ends here and now.
        await client.sessionDestroy(s.sessionToken).catch(() => undefined);
        throw err;
      }
    }
    action.current = how;
    setEmail(s.email);
    const { uid, sessionToken, verified: ok, keyFetchToken, unwrapBKey, authAt } = s;
    // The key material is kept only for Firefox's handover, which spends it.
    const keys = firefox.current ? { keyFetchToken, unwrapBKey } : {};
    setSession({ uid, email: s.email, sessionToken, verified: ok, authAt, ...keys });
    if (ok) return verified();
    save('code');
    setStep({ name: 'code' });
  }

  function verified() {
    const session = getSession();
    if (session) setSession({ ...session, verified: true });
    if (!firefox.current) {
      setFlowState(FLOW, undefined);
      return navigate('/settings', { query: '' });
    }
    if (params.service === 'sync' && firefox.current.status.engines.length > 0) {
      save('choose');
      return setStep({ name: 'choose' });
    }
    void finish(undefined);
  }

  async function finish(sync: SyncChoice | undefined) {
    const session = getSession();
    if (!session || !firefox.current) return stop(new Error('no session'));
    setStep({ name: 'handover' });
    try {
      const { status } = firefox.current;
      // Only a flow the page asked for can be asked for again; one that came
      // in the URL belongs to the Firefox window that built it.
      const beginAgain = params.oauth
        ? undefined
        : async () => {
            const oauth = await oauthParams(params, status);
            firefox.current = { status, oauth };
            return oauth;
          };
      await handOver(session, firefox.current.oauth, {
        action: action.current,
        sync,
        beginAgain,
      });
      setStep({ name: 'done' });
    } catch (err) {
      stop(err);
    } finally {
      // Spent or not, the key material leaves the tab: a failed handover
      // starts over with a new sign-in, which brings keys of its own, and
      // the saved step cannot be resumed without them.
      setSession({ ...session, keyFetchToken: undefined, unwrapBKey: undefined });
      setFlowState(FLOW, undefined);
    }
  }

  // From the top, Firefox included: a flow Firefox cannot finish stays refused.
  function restart() {
    clearSession();
    firefox.current = undefined;
    setStep({ name: 'starting' });
    start().catch(stop);
  }

  const opts: AuthOptions = { keys: firefox.current !== undefined, service: params.service };
  switch (step.name) {
    case 'starting':
      return (
        <p role="status" class="starting">
          {t('common.working')}
        </p>
      );
    case 'email':
      return (
        <EmailStep
          initial={email}
          subtitle={params.service === 'sync' ? t('signin.email.sync') : undefined}
          onDone={(address, exists) => {
            setEmail(address);
            setStep({ name: exists ? 'password' : 'signup' });
          }}
        />
      );
    case 'password':
      return (
        <PasswordStep
          email={email}
          opts={opts}
          onSignedIn={(s) => void signedIn(s, 'signin').catch(stop)}
          onBlocked={(password) => setStep({ name: 'unblock', password })}
          onUnknown={() => setStep({ name: 'signup' })}
          onChangeEmail={changeEmail}
          error={step.error}
        />
      );
    case 'unblock':
      return (
        <UnblockStep
          email={email}
          password={step.password}
          opts={opts}
          onSignedIn={(s) => void signedIn(s, 'signin').catch(stop)}
          onWrongPassword={(error) => setStep({ name: 'password', error })}
          onChangeEmail={changeEmail}
        />
      );
    case 'signup':
      return (
        <SignupStep
          email={email}
          opts={opts}
          onSignedUp={(s) => void signedIn(s, 'signup').catch(stop)}
          onChangeEmail={changeEmail}
        />
      );
    case 'code': {
      const session = getSession();
      if (!session) return null;
      return (
        <CodeStep
          session={session}
          service={params.service}
          onVerified={verified}
          onSessionEnded={() => {
            clearSession();
            setStep({ name: 'stopped', message: t('error.invalidToken') });
          }}
        />
      );
    }
    case 'choose':
      return (
        <ChooseStep
          engines={firefox.current?.status.engines ?? []}
          onChoose={(choice) => void finish(choice)}
        />
      );
    case 'handover':
      return (
        <Step title={t('signin.handover')}>
          <p role="status">{t('common.working')}</p>
        </Step>
      );
    case 'done':
      return <Done email={email} firefox={firefox.current !== undefined} />;
    case 'stopped':
      return (
        <Step title={t('signin.stopped.heading')}>
          <Alert message={step.message} />
          <LinkButton onClick={restart}>{t('signin.startOver')}</LinkButton>
        </Step>
      );
  }
}

function Done(props: { email: string; firefox: boolean }) {
  return (
    <Step title={t('signin.done.heading')}>
      <p>{t(props.firefox ? 'signin.done.sync' : 'signin.done.web', { email: props.email })}</p>
      <p>
        <a href="/settings">{t('common.settings')}</a>
      </p>
    </Step>
  );
}
