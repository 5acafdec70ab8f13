import type { Strings } from '../../i18n/index.js';
import type en from '../en/other.js';

const fr: Strings<typeof en> = {
  'other.cad.heading': 'Se connecter sur un autre appareil',
  'other.cad.intro':
    'Pour synchroniser un autre appareil, connectez-vous à Firefox sur celui-ci avec le même compte :',
  'other.cad.step1': 'Installez Firefox sur l’autre appareil, puis ouvrez-le.',
  'other.cad.step2':
    'Ordinateurs : ouvrez Paramètres, puis Synchronisation, et choisissez Se connecter. Téléphones : ouvrez le menu, puis Se connecter pour synchroniser.',
  'other.cad.step3':
    'Utilisez l’adresse électronique et le mot de passe de ce compte. Firefox commence à synchroniser tout seul.',
  'other.cad.server':
    'Ce Firefox doit aussi utiliser ce serveur : avant de vous connecter, réglez identity.fxaccounts.autoconfig.uri sur {origin} dans about:config.',
  'other.pair.heading': 'L’association n’est pas prise en charge',
  'other.pair.body':
    'Ce serveur ne permet pas d’associer un appareil avec un code QR. Connectez-vous plutôt sur l’autre appareil avec votre adresse électronique et votre mot de passe.',
  'other.pair.howto': 'Comment se connecter sur un autre appareil',
  'other.redirecting': 'Redirection…',
};
export default fr;
