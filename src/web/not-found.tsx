import { Step } from './components/step.js';
import { t } from './i18n/index.js';

export function NotFound() {
  return (
    <Step title={t('notFound.heading')}>
      <p>{t('notFound.body')}</p>
      <p>
        <a href="/">{t('notFound.home')}</a>
      </p>
    </Step>
  );
}
