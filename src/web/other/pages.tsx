// The pages for Firefox's other addresses (firefox.md §2.1) that are not a
// flow of their own:
//
//   /connect_another_device   where Firefox sends someone who just signed in
//                             to Sync. This server offers no pairing and no
//                             app store links, so the page says how to sign
//                             in on the other device by hand, and that the
//                             other Firefox has to be pointed at this server.
//   /pair, /oauth             pairing a device by QR code, which needs a
//                             channel server this project does not run: the
//                             page says so plainly.
//   redirectTo(path)          an address that is another page under another
//                             name moves there at once (the history entry is
//                             replaced, so Back skips it).
import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { Step } from '../components/step.js';
import { t } from '../i18n/index.js';
import { navigate } from '../router.js';

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

/** A page that replaces itself with `path`, keeping the query unless `keepQuery` is false. */
export function redirectTo(path: string, opts: { keepQuery?: boolean } = {}): ComponentType {
  return function Redirect() {
    useEffect(() => {
      navigate(path, { replace: true, ...(opts.keepQuery === false ? { query: '' } : {}) });
    }, []);
    return (
      <Step title={t('other.redirecting')}>
        <p role="status">{t('other.redirecting')}</p>
      </Step>
    );
  };
}
