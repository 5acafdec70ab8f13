import type { Strings } from '../../i18n/index.js';
import type en from '../en/other.js';

const de: Strings<typeof en> = {
  'other.cad.heading': 'Auf einem anderen Gerät anmelden',
  'other.cad.intro':
    'Um mit einem anderen Gerät zu synchronisieren, melden Sie sich dort mit demselben Konto bei Firefox an:',
  'other.cad.step1': 'Installieren Sie Firefox auf dem anderen Gerät und öffnen Sie es.',
  'other.cad.step2':
    'Computer: Einstellungen öffnen, dann Sync, dann Anmelden. Smartphones: das Menü öffnen, dann Zum Synchronisieren anmelden.',
  'other.cad.step3':
    'Verwenden Sie E-Mail-Adresse und Passwort dieses Kontos. Firefox beginnt von selbst zu synchronisieren.',
  'other.cad.server':
    'Dieses Firefox muss auch diesen Server verwenden: Setzen Sie vor der Anmeldung identity.fxaccounts.autoconfig.uri in about:config auf {origin}.',
  'other.pair.heading': 'Koppeln wird nicht unterstützt',
  'other.pair.body':
    'Dieser Server unterstützt das Koppeln eines Geräts per QR-Code nicht. Melden Sie sich auf dem anderen Gerät stattdessen mit E-Mail-Adresse und Passwort an.',
  'other.pair.howto': 'So melden Sie sich auf einem anderen Gerät an',
  'other.redirecting': 'Sie werden weitergeleitet…',
};
export default de;
