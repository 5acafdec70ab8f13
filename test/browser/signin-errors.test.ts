// The messages a person meets when signing in goes wrong, in each language
// the pages speak (the browser's language and Accept-Language): a wrong password,
// a throttled sign-in with the time to wait, and a server out of reach.
// Each visit comes from its own address (X-Forwarded-For, trusted from
// loopback), so the per-address limit of one story leaves the next alone.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FxaClient } from '../../src/client/index.js';
import { PASSWORD, randomEmail } from '../remote/support.js';
import { heading, onStep, noChromium, useStage } from './chromium.js';

// One login per address per 15 minutes; the second one waits.
const RULES = [
  {
    name: 'login-per-ip',
    actions: ['accountLogin'],
    key: 'ip',
    max: 1,
    windowSec: 900,
    blockSec: 900,
    counts: 'attempts',
  },
];

const LANGUAGES = [
  {
    locale: 'en-US',
    ip: '198.51.100.21',
    continue: 'Continue',
    passwordStep: 'Enter your password',
    password: 'Password',
    signIn: 'Sign in',
    wrong: 'Incorrect password.',
    throttled: 'Too many attempts. Try again in 15 minutes.',
  },
  {
    locale: 'de-DE',
    ip: '198.51.100.22',
    continue: 'Weiter',
    passwordStep: 'Passwort eingeben',
    password: 'Passwort',
    signIn: 'Anmelden',
    wrong: 'Falsches Passwort.',
    throttled: 'Zu viele Versuche. Versuchen Sie es in 15 Minuten erneut.',
  },
  {
    locale: 'fr-FR',
    ip: '198.51.100.23',
    continue: 'Continuer',
    passwordStep: 'Saisissez votre mot de passe',
    password: 'Mot de passe',
    signIn: 'Se connecter',
    wrong: 'Mot de passe incorrect.',
    throttled: 'Trop de tentatives. Réessayez dans 15 minutes.',
  },
  {
    locale: 'es-ES',
    ip: '198.51.100.24',
    continue: 'Continuar',
    passwordStep: 'Escribe tu contraseña',
    password: 'Contraseña',
    signIn: 'Iniciar sesión',
    wrong: 'Contraseña incorrecta.',
    throttled: 'Demasiados intentos. Vuelve a intentarlo en 15 minutos.',
  },
];

describe('sign-in errors on the pages', { skip: noChromium }, () => {
  const stage = useStage({ customs: { trustedProxies: ['127.0.0.1', '::1'], rules: RULES } });

  for (const lang of LANGUAGES) {
    it(`says so in ${lang.locale} when the password is wrong, then when to try again`, async () => {
      const { server } = stage();
      const email = randomEmail();
      await new FxaClient(server.origin).signUp(email, PASSWORD, { preVerified: true });
      const { page, context } = await stage().open({ locale: lang.locale });
      await context.setExtraHTTPHeaders({
        'accept-language': lang.locale,
        'x-forwarded-for': lang.ip,
      });
      await page.goto(`${server.origin}/`);
      assert.equal(
        await page.evaluate(() => document.documentElement.lang),
        lang.locale.slice(0, 2),
      );

      await page.getByRole('textbox').fill(email);
      await page.getByRole('button', { name: lang.continue }).click();
      await heading(page, lang.passwordStep);
      const password = page.getByLabel(lang.password);
      await password.fill('not the password');
      await page.getByRole('button', { name: lang.signIn }).click();
      const wrong = page.getByText(lang.wrong, { exact: true });
      await wrong.waitFor();
      assert.equal(await wrong.getAttribute('role'), 'alert');
      assert.equal(await password.getAttribute('aria-invalid'), 'true');

      await password.fill(PASSWORD);
      await page.getByRole('button', { name: lang.signIn }).click();
      const throttled = page.getByRole('alert').filter({ hasText: lang.throttled });
      await throttled.waitFor();
      const described = (await password.getAttribute('aria-describedby')) ?? '';
      assert.ok(described.split(' ').includes((await throttled.getAttribute('id')) ?? '-'));
      // Still on the password step: nothing was signed in.
      await onStep(page, lang.passwordStep);
      assert.equal(await page.evaluate(() => sessionStorage.getItem('fxa:session')), null);
    });
  }

  it('says when the server cannot be reached', async () => {
    const { page } = await stage().open({ path: '/' });
    await page.route('**/v1/account/status', (route) => route.abort('connectionrefused'));
    await page.getByLabel('Email').fill(randomEmail());
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('Cannot reach the server. Check your connection and try again.').waitFor();
  });
});
