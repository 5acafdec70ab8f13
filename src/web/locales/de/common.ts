import type { Strings } from '../../i18n/index.js';
import type en from '../en/common.js';

const de: Strings<typeof en> = {
  'app.title': 'Firefox-Konten',
  'common.continue': 'Weiter',
  'common.working': 'Einen Moment…',
  'common.signOut': 'Abmelden',
  'common.settings': 'Konto verwalten',
  'notFound.heading': 'Seite nicht gefunden',
  'notFound.body': 'Unter dieser Adresse gibt es keine Seite.',
  'notFound.home': 'Zur Anmeldung',
  'error.network':
    'Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  'error.unexpected': 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  'error.insecure':
    'Die Anmeldung braucht eine sichere Verbindung: Öffnen Sie diese Seite über https.',
  'error.throttled': 'Zu viele Versuche. Versuchen Sie es in {wait} erneut.',
  'error.throttledLater': 'Zu viele Versuche. Versuchen Sie es später erneut.',
  'error.unavailable': 'Der Server ist gerade ausgelastet. Bitte versuchen Sie es in Kürze erneut.',
  'error.unknownAccount': 'Für diese E-Mail-Adresse gibt es kein Konto.',
  'error.incorrectPassword': 'Falsches Passwort.',
  'error.unverified': 'Die E-Mail-Adresse dieses Kontos ist noch nicht bestätigt.',
  'error.invalidCode': 'Dieser Code ist falsch oder abgelaufen.',
  'error.invalidLink': 'Dieser Link ist falsch, wurde schon benutzt oder ist abgelaufen.',
  'error.invalidToken': 'Ihre Sitzung ist beendet. Bitte melden Sie sich erneut an.',
  'error.accountExists': 'Für diese E-Mail-Adresse gibt es bereits ein Konto.',
  'error.invalidUnblockCode': 'Dieser Entsperrcode ist falsch oder abgelaufen.',
  'error.invalidEmail': 'Geben Sie eine gültige E-Mail-Adresse ein.',
  'error.required': 'Dieses Feld ist erforderlich.',
  'common.signOutFailed':
    'Die Abmeldung hat nicht geklappt, Sie sind weiterhin angemeldet. {reason}',
};
export default de;
