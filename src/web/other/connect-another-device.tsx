// /connect_another_device: where Firefox sends someone who just signed in
// to Sync (firefox.md §2.1). This server offers no pairing and no app store
// links, so the page says how to sign in on the other device by hand, and
// that the other Firefox has to be pointed at this server first.
import { Step } from '../components/step.js';
import { t } from '../i18n/index.js';

export function ConnectAnotherDevice() {
  return (
    <Step title={t('other.cad.heading')}>
      <p>{t('other.cad.intro')}</p>
      <ol class="steps">
        <li>{t('other.cad.step1')}</li>
        <li>{t('other.cad.step2')}</li>
        <li>{t('other.cad.step3')}</li>
      </ol>
      <p>
        {t('other.cad.server', {
          origin: `${location.origin}/.well-known/fxa-client-configuration`,
        })}
      </p>
    </Step>
  );
}
