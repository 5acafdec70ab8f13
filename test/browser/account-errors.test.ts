// What a person reads when the settings or the reset go wrong, in their
// language: a wrong password, the throttle that follows with its wait, an
// expired link, a server out of reach. And the pages stay usable without
// a mouse, on a 320 px screen, in dark mode, and ask nothing of anyone else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { heading, noChromium, useStage } from './chromium.js';
import { PASSWORD, newAccount, signIn } from './account-steps.js';

describe('the account pages in trouble and in other hands', { skip: noChromium }, () => {
  const stage = useStage();
  const origin = () => stage().server.origin;

  it('say a wrong password, then the wait of the throttle, in German', async () => {
    const { email } = await newAccount(origin());
    const { page } = await stage().open({ path: '/', locale: 'de-DE' });
    await heading(page, 'E-Mail-Adresse eingeben');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByRole('button', { name: 'Weiter' }).click();
    await page.getByLabel('Passwort').fill(PASSWORD);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await heading(page, 'Kontoeinstellungen');

    const submit = page.getByRole('button', { name: 'Passwort ändern' });
    await page.getByLabel('Neues Passwort', { exact: true }).fill('ein ganz neues Passwort');
    await page.getByLabel('Neues Passwort wiederholen').fill('ein ganz neues Passwort');
    // customs: more than two failures in 15 minutes throttle the address for 900 s.
    for (let i = 0; i < 3; i++) {
      await page.getByLabel('Aktuelles Passwort').fill(`falsch ${i}`);
      await submit.click();
      await page.getByText('Falsches Passwort.').waitFor();
    }
    await page.getByLabel('Aktuelles Passwort').fill(PASSWORD);
    await submit.click();
    await page.getByText('Zu viele Versuche. Versuchen Sie es in 15 Minuten erneut.').waitFor();
  });

  it('say when the server cannot be reached, in French', async () => {
    const { email } = await newAccount(origin());
    const { page, context } = await stage().open({ path: '/', locale: 'fr-FR' });
    await page.getByLabel('Adresse électronique').fill(email);
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await heading(page, 'Paramètres du compte');
    await context.setOffline(true);
    await page.getByLabel('Nom affiché').fill('Ada');
    await page.getByRole('button', { name: 'Enregistrer le nom' }).click();
    await page
      .getByText('Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.')
      .waitFor();
    await context.setOffline(false);
  });

  it('say an expired reset link is expired, in Spanish', async () => {
    const { page } = await stage().open({
      path: `/complete_reset_password?token=${'ab'.repeat(32)}&code=${'cd'.repeat(16)}&email=x%40example.com`,
      locale: 'es-ES',
    });
    await page
      .getByText('Este restablecimiento ha caducado o ya se usó.', { exact: false })
      .waitFor();
    await page.getByRole('button', { name: 'Empezar de nuevo' }).click();
    await heading(page, 'Restablecer tu contraseña');
    assert.equal(await page.getByLabel('Correo electrónico').inputValue(), 'x@example.com');
  });

  it('work from the keyboard alone: the name saved with Enter, the deletion opened and left', async () => {
    const { email } = await newAccount(origin());
    const { page } = await stage().open({ path: '/' });
    await signIn(page, email);
    // From the focused heading, the first control is the display name.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'display-name');
    await page.keyboard.type('Grace');
    await page.keyboard.press('Enter');
    await page.getByText('Your display name is saved.').waitFor();

    // Opening the deletion puts the focus in its password field; backing
    // out returns it to the button that opened it, with nothing deleted.
    await page.getByRole('button', { name: 'Delete my account…' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'delete-password');
    await page.getByRole('button', { name: 'Keep my account' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.textContent === 'Delete my account…');
  });

  it('fit 320 px in dark mode, and load nothing from elsewhere', async () => {
    const { email } = await newAccount(origin());
    const visit = await stage().open({ path: '/' });
    const { page } = visit;
    await page.setViewportSize({ width: 320, height: 640 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await signIn(page, email);
    for (const path of ['/settings', '/reset_password', '/connect_another_device', '/pair']) {
      await page.goto(`${origin()}${path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.equal(overflow, 0, `${path} scrolls sideways at 320 px`);
      const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, 'rgb(28, 27, 34)', `${path} follows the dark scheme`);
    }
    for (const url of visit.requests) assert.equal(new URL(url).origin, origin(), url);
  });
});
