// The pages' entry point: picks the language, then renders the page for
// the current path. esbuild bundles this file (scripts/build-web.ts) into
// dist/web/assets/app-<hash>.js, and the server answers every page path
// with the same shell (src/routes/web.ts).
//
// Conventions:
// * A page is a component taking no props, in a folder per flow
//   (src/web/signin/, src/web/settings/...). It reads what Firefox sent
//   from the URL (router.ts query()) and what earlier steps left from
//   sessionStorage (session.ts); tokens never go into a URL.
// * Adding a page: one line in routes.tsx, and its path in the PAGES list
//   of src/routes/web.ts so the server serves the shell there.
// * Strings: t('area.key', {vars}) from i18n/. Each area has one file per
//   language, src/web/locales/<lang>/<area>.ts; English is the reference
//   and the others are typed Strings<typeof en>, so a missing translation
//   fails the type check. A new area adds one line to each locales/<lang>/index.ts.
// * Errors shown to people go through errors.ts errorMessage(err).
// * Every step renders inside <Step title> (components/step.tsx), which
//   moves focus to its heading; forms use components/form.tsx.
// * Calls to the server go through the shared FxaClient in api.ts, calls
//   to Firefox through webchannel.ts send().
// * styles.css only: no inline styles (the CSP forbids them).
import './styles.css';
import { render } from 'preact';
import { chooseLocale, locale, setLocale, t } from './i18n/index.js';
import { NotFound } from './not-found.js';
import { usePath } from './router.js';
import { routes } from './routes.js';

function App() {
  const path = usePath().replace(/\/+$/, '') || '/';
  const Page = routes[path] ?? NotFound;
  return (
    <>
      <header class="banner">
        <span>{t('app.title')}</span>
      </header>
      <main>
        <Page />
      </main>
    </>
  );
}

setLocale(chooseLocale(navigator.languages));
document.documentElement.lang = locale();
const root = document.getElementById('app');
if (root) render(<App />, root);
