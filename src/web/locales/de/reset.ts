import type { Strings } from '../../i18n/index.js';
import type en from '../en/reset.js';

const de: Strings<typeof en> = {
  'reset.forgot': 'Passwort vergessen?',
  'reset.heading': 'Passwort zurücksetzen',
  'reset.intro':
    'Geben Sie Ihre E-Mail-Adresse ein. Wir senden Ihnen einen Code und einen Link, um ein neues Passwort zu wählen.',
  'reset.warning':
    'Wenn Sie Ihr Passwort zurücksetzen, werden Daten unlesbar, die mit dem alten Passwort verschlüsselt sind: Die synchronisierten Passwörter, Lesezeichen, Chronik und anderen Daten auf diesem Server gehen verloren, außer ein Gerät, das sie noch hat, synchronisiert sie erneut. Wenn Sie Ihr Passwort noch wissen, melden Sie sich stattdessen an.',
  'reset.email': 'E-Mail',
  'reset.send': 'Code senden',
  'reset.code.heading': 'Sehen Sie in Ihre E-Mails',
  'reset.code.intro':
    'Wir haben einen Code und einen Link an {email} gesendet. Geben Sie den Code hier ein oder öffnen Sie den Link in dieser E-Mail.',
  'reset.code.label': 'Code zum Zurücksetzen',
  'reset.code.format': 'Der Code hat 32 Zeichen (0–9, a–f).',
  'reset.code.triesLeft': 'Dieser Code ist falsch. Verbleibende Versuche: {tries}.',
  'reset.code.submit': 'Weiter',
  'reset.code.resend': 'E-Mail erneut senden',
  'reset.code.resent': 'Die E-Mail ist erneut an {email} unterwegs.',
  'reset.new.heading': 'Neues Passwort wählen',
  'reset.new.intro': 'Für {email}.',
  'reset.new.password': 'Neues Passwort',
  'reset.new.confirm': 'Neues Passwort wiederholen',
  'reset.new.hint': 'Mindestens 8 Zeichen.',
  'reset.new.tooShort': 'Verwenden Sie mindestens 8 Zeichen.',
  'reset.new.mismatch': 'Die Passwörter stimmen nicht überein.',
  'reset.new.understand':
    'Ich verstehe, dass mit meinem alten Passwort verschlüsselte Daten verloren gehen.',
  'reset.new.mustAccept': 'Setzen Sie das Häkchen, um zu bestätigen, dass Sie das verstehen.',
  'reset.new.submit': 'Passwort zurücksetzen',
  'reset.expired':
    'Dieses Zurücksetzen ist abgelaufen oder wurde schon verwendet. Beginnen Sie neu, um eine neue E-Mail zu erhalten.',
  'reset.startOver': 'Neu beginnen',
  'reset.remembered': 'Doch noch gewusst? Anmelden',
  'reset.linkMissing': 'Dieser Link ist unvollständig. Öffnen Sie den ganzen Link aus der E-Mail.',
};
export default de;
