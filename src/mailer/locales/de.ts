// German.
import type { MailStrings } from './types.js';

const de: MailStrings = {
  verifyEmail: {
    subject: 'Bestätigen Sie Ihr Firefox-Konto',
    heading: 'Bestätigen Sie Ihre E-Mail-Adresse',
    body: [
      'Soeben wurde mit {email} ein Firefox-Konto erstellt. Wenn Sie das waren, bestätigen Sie bitte die Adresse, um die Einrichtung abzuschließen und mit der Synchronisierung zu beginnen.',
    ],
    action: 'E-Mail-Adresse bestätigen',
    footnote:
      'Wenn Sie dieses Konto nicht erstellt haben, ignorieren Sie diese E-Mail einfach. Das Konto bleibt dann inaktiv.',
  },
  verifyShortCode: {
    subject: 'Ihr Bestätigungscode für Ihr Firefox-Konto',
    heading: 'Bestätigen Sie Ihre E-Mail-Adresse',
    body: [
      'Um {email} für Ihr Firefox-Konto zu bestätigen, geben Sie diesen Code auf der Seite ein, die danach fragt. Er ist nur für begrenzte Zeit gültig.',
    ],
    action: 'Oder mit diesem Link bestätigen',
    footnote:
      'Wenn Sie dieses Konto nicht erstellt haben, ignorieren Sie diese E-Mail einfach. Das Konto bleibt dann inaktiv.',
  },
  recoveryCode: {
    subject: 'Passwort für Ihr Firefox-Konto zurücksetzen',
    heading: 'Passwort zurücksetzen',
    body: [
      'Wir haben eine Anfrage erhalten, das Passwort des Firefox-Kontos {email} zurückzusetzen. Geben Sie diesen Code auf der Seite ein, auf der Sie es angefordert haben, oder verwenden Sie den folgenden Link. Beides ist nur für begrenzte Zeit gültig.',
    ],
    action: 'Neues Passwort festlegen',
    footnote:
      'Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail. Ihr Passwort bleibt unverändert.',
  },
  passwordChanged: {
    subject: 'Das Passwort Ihres Firefox-Kontos wurde geändert',
    heading: 'Ihr Passwort wurde geändert',
    body: [
      'Das Passwort des Firefox-Kontos {email} wurde soeben geändert.',
      'Wenn Sie das nicht selbst waren, setzen Sie Ihr Passwort sofort zurück, um Ihr Konto zu schützen.',
    ],
    action: 'Passwort zurücksetzen',
  },
  passwordReset: {
    subject: 'Das Passwort Ihres Firefox-Kontos wurde zurückgesetzt',
    heading: 'Ihr Passwort wurde zurückgesetzt',
    body: [
      'Das Passwort des Firefox-Kontos {email} wurde zurückgesetzt.',
      'Wenn Sie das nicht selbst waren, setzen Sie es umgehend erneut zurück, um Ihr Konto zu schützen.',
    ],
    action: 'Passwort zurücksetzen',
  },
  postVerify: {
    subject: 'Firefox-Konto bestätigt',
    heading: 'Ihr Konto ist bereit',
    body: [
      'Ihre E-Mail-Adresse ist bestätigt. Melden Sie sich jetzt auch auf Ihren anderen Computern und Smartphones in Firefox an, damit Lesezeichen, Passwörter und Chronik überall auf dem gleichen Stand sind.',
    ],
    action: 'Sync auf einem weiteren Gerät einrichten',
  },
  unblockCode: {
    subject: 'Ihr Autorisierungscode für das Firefox-Konto',
    heading: 'Diese Anmeldung autorisieren',
    body: [
      'Jemand meldet sich beim Firefox-Konto {email} an. Nach mehreren Versuchen haben wir die Anmeldung angehalten. Wenn Sie das sind, geben Sie diesen Code ein, um fortzufahren:',
      '{code}',
      'Der Code gilt einmal und läuft innerhalb einer Stunde ab.',
    ],
    action: 'Das war ich nicht: Anmeldung melden',
    footnote:
      'Wenn Sie sich nicht anmelden wollten, melden Sie es über den Link oben und ändern Sie Ihr Passwort. Für andere bleibt Ihr Konto so oder so gesperrt.',
  },
  common: {
    linkFallback:
      'Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:',
    supportIntro: 'Fragen?',
    supportLink: 'Zur Mozilla-Hilfe',
    automated: 'Diese E-Mail wurde automatisch versendet. Antworten darauf werden nicht gelesen.',
  },
};

export default de;
