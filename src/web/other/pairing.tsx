// /pair and /oauth, which Firefox opens to pair a device with a QR code
// (firefox.md §2.1). Pairing needs a channel server this project does not
// run, so the page says so plainly and points at signing in by hand.
import { Step } from '../components/step.js';
import { t } from '../i18n/index.js';

export function PairingUnsupported() {
  return (
    <Step title={t('other.pair.heading')}>
      <p>{t('other.pair.body')}</p>
      <p>
        <a href="/connect_another_device">{t('other.pair.howto')}</a>
      </p>
    </Step>
  );
}
