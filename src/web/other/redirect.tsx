// Addresses that are another page under a different name: the page moves
// to its real address at once (history entry replaced, so Back skips it).
import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { Step } from '../components/step.js';
import { t } from '../i18n/index.js';
import { navigate } from '../router.js';

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
