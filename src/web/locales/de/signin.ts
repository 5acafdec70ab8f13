import type { Strings } from '../../i18n/index.js';
import type en from '../en/signin.js';

const de: Strings<typeof en> = {
  'signin.email.heading': 'E-Mail-Adresse eingeben',
  'signin.email.sync': 'Weiter zu Firefox Sync',
  'signin.email.label': 'E-Mail-Adresse',
  'signin.password.heading': 'Passwort eingeben',
  'signin.password.as': 'Anmeldung als {email}',
  'signin.password.label': 'Passwort',
  'signin.password.submit': 'Anmelden',
  'signin.changeEmail': 'Andere E-Mail-Adresse verwenden',
  'signin.signup.heading': 'Passwort festlegen',
  'signin.signup.intro':
    'Noch kein Konto verwendet {email}. Wählen Sie ein Passwort, um eines zu erstellen.',
  'signin.signup.password': 'Passwort',
  'signin.signup.confirm': 'Passwort wiederholen',
  'signin.signup.hint': 'Mindestens 8 Zeichen.',
  'signin.signup.tooShort': 'Verwenden Sie mindestens 8 Zeichen.',
  'signin.signup.mismatch': 'Die Passwörter stimmen nicht überein.',
  'signin.signup.submit': 'Konto erstellen',
  'signin.code.heading': 'Bestätigungscode eingeben',
  'signin.code.intro':
    'Wir haben einen 6-stelligen Code an {email} gesendet. Geben Sie ihn hier ein oder öffnen Sie den Link in dieser E-Mail.',
  'signin.code.label': 'Bestätigungscode',
  'signin.code.format': 'Der Code hat 6 Ziffern.',
  'signin.code.submit': 'Bestätigen',
  'signin.code.resend': 'Neuen Code senden',
  'signin.code.resent': 'Ein neuer Code ist unterwegs an {email}.',
  'signin.unblock.heading': 'Bestätigen Sie, dass Sie es sind',
  'signin.unblock.intro':
    'Für {email} gab es zu viele Anmeldeversuche. Wir können Ihnen einen Code senden, der die Anmeldung entsperrt.',
  'signin.unblock.send': 'Code per E-Mail senden',
  'signin.unblock.sent': 'Wir haben einen Entsperrcode an {email} gesendet.',
  'signin.unblock.label': 'Entsperrcode',
  'signin.unblock.format': 'Der Code besteht aus 8 Buchstaben und Ziffern.',
  'signin.unblock.submit': 'Entsperren und anmelden',
  'signin.cwts.heading': 'Auswählen, was synchronisiert wird',
  'signin.cwts.intro':
    'Firefox hält diese Daten auf allen Geräten gleich, auf denen Sie angemeldet sind.',
  'signin.cwts.submit': 'Synchronisierung starten',
  'signin.engine.addons': 'Add-ons',
  'signin.engine.addresses': 'Adressen',
  'signin.engine.bookmarks': 'Lesezeichen',
  'signin.engine.creditcards': 'Zahlungsmethoden',
  'signin.engine.history': 'Chronik',
  'signin.engine.passwords': 'Passwörter',
  'signin.engine.prefs': 'Einstellungen',
  'signin.engine.tabs': 'Offene Tabs',
  'signin.handover': 'Firefox wird verbunden…',
  'signin.done.heading': 'Sie sind angemeldet',
  'signin.done.sync':
    'Firefox ist als {email} angemeldet und beginnt jetzt mit der Synchronisierung.',
  'signin.done.web': 'Sie sind als {email} angemeldet.',
  'signin.firefox.linkRefused':
    'Firefox hat der Anmeldung mit diesem Konto nicht zugestimmt. Es wurde nichts geändert.',
  'signin.firefox.noFlow':
    'Beginnen Sie die Anmeldung in Firefox selbst (Einstellungen, dann Sync), um diesen Browser zu verbinden.',
  'signin.firefox.failed':
    'Firefox konnte die Anmeldung nicht abschließen. Bitte versuchen Sie es erneut.',
  'signin.firefox.lostFlow':
    'Firefox hat diese Anmeldung verloren. Beginnen Sie erneut in Firefox selbst (Einstellungen, dann Sync).',
  'signin.verify.heading': 'E-Mail-Adresse wird bestätigt',
  'signin.verify.done': 'Ihre E-Mail-Adresse ist bestätigt',
  'signin.verify.doneBody':
    'Sie können diesen Tab schließen: Der Tab, in dem Sie sich angemeldet haben, macht von selbst weiter.',
  'signin.verify.missing':
    'Dieser Link ist unvollständig. Öffnen Sie den ganzen Link aus der E-Mail.',
  'signin.stopped.heading': 'Die Anmeldung wurde nicht abgeschlossen',
  'signin.startOver': 'Neu beginnen',
  'signin.report.heading': 'Anmeldung melden',
  'signin.report.done':
    'Danke. Dieser Entsperrcode funktioniert nicht mehr, niemand kann sich damit anmelden.',
  'signin.report.advice':
    'Wenn Sie sich nicht anmelden wollten, kennt womöglich jemand Ihr Passwort: Ändern Sie es jetzt.',
  'signin.report.reset': 'Passwort zurücksetzen',
};
export default de;
