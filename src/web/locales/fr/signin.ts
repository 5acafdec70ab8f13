import type { Strings } from '../../i18n/index.js';
import type en from '../en/signin.js';

const fr: Strings<typeof en> = {
  'signin.email.heading': 'Saisissez votre adresse électronique',
  'signin.email.sync': 'Continuer vers Firefox Sync',
  'signin.email.label': 'Adresse électronique',
  'signin.password.heading': 'Saisissez votre mot de passe',
  'signin.password.as': 'Connexion en tant que {email}',
  'signin.password.label': 'Mot de passe',
  'signin.password.submit': 'Se connecter',
  'signin.changeEmail': 'Utiliser une autre adresse',
  'signin.signup.heading': 'Choisissez un mot de passe',
  'signin.signup.intro':
    'Aucun compte n’utilise encore {email}. Choisissez un mot de passe pour en créer un.',
  'signin.signup.password': 'Mot de passe',
  'signin.signup.confirm': 'Répétez le mot de passe',
  'signin.signup.hint': 'Au moins 8 caractères.',
  'signin.signup.tooShort': 'Utilisez au moins 8 caractères.',
  'signin.signup.mismatch': 'Les mots de passe ne correspondent pas.',
  'signin.signup.submit': 'Créer le compte',
  'signin.code.heading': 'Saisissez le code de confirmation',
  'signin.code.intro':
    'Nous avons envoyé un code à 6 chiffres à {email}. Saisissez-le ici ou ouvrez le lien de ce message.',
  'signin.code.label': 'Code de confirmation',
  'signin.code.format': 'Le code comporte 6 chiffres.',
  'signin.code.submit': 'Confirmer',
  'signin.code.resend': 'Envoyer un nouveau code',
  'signin.code.resent': 'Un nouveau code est en route vers {email}.',
  'signin.unblock.heading': 'Confirmez qu’il s’agit bien de vous',
  'signin.unblock.intro':
    'Il y a eu trop de tentatives de connexion pour {email}. Nous pouvons vous envoyer un code qui débloque la connexion.',
  'signin.unblock.send': 'M’envoyer un code',
  'signin.unblock.sent': 'Nous avons envoyé un code de déblocage à {email}.',
  'signin.unblock.label': 'Code de déblocage',
  'signin.unblock.format': 'Le code comporte 8 lettres et chiffres.',
  'signin.unblock.submit': 'Débloquer et se connecter',
  'signin.cwts.heading': 'Choisissez ce que vous synchronisez',
  'signin.cwts.intro':
    'Firefox garde ces données à jour sur tous les appareils où vous êtes connecté.',
  'signin.cwts.submit': 'Lancer la synchronisation',
  'signin.engine.addons': 'Modules complémentaires',
  'signin.engine.addresses': 'Adresses',
  'signin.engine.bookmarks': 'Marque-pages',
  'signin.engine.creditcards': 'Moyens de paiement',
  'signin.engine.history': 'Historique',
  'signin.engine.passwords': 'Mots de passe',
  'signin.engine.prefs': 'Paramètres',
  'signin.engine.tabs': 'Onglets ouverts',
  'signin.handover': 'Connexion de Firefox…',
  'signin.done.heading': 'Vous êtes connecté',
  'signin.done.sync': 'Firefox est connecté en tant que {email} et commence à synchroniser.',
  'signin.done.web': 'Vous êtes connecté en tant que {email}.',
  'signin.firefox.linkRefused':
    'Firefox n’a pas accepté la connexion à ce compte ici. Rien n’a été modifié.',
  'signin.firefox.noFlow':
    'Commencez la connexion depuis Firefox (Paramètres, puis Sync) pour relier ce navigateur.',
  'signin.firefox.failed': 'Firefox n’a pas pu terminer la connexion. Veuillez réessayer.',
  'signin.firefox.lostFlow':
    'Firefox a perdu le fil de cette connexion. Recommencez depuis Firefox lui-même (Paramètres, puis Sync).',
  'signin.verify.heading': 'Confirmation de votre adresse',
  'signin.verify.done': 'Votre adresse est confirmée',
  'signin.verify.doneBody':
    'Vous pouvez fermer cet onglet : l’onglet où vous vous êtes connecté continue tout seul.',
  'signin.verify.missing': 'Ce lien est incomplet. Ouvrez le lien entier depuis le message.',
  'signin.stopped.heading': 'La connexion n’a pas abouti',
  'signin.startOver': 'Recommencer',
  'signin.report.heading': 'Signaler une connexion',
  'signin.report.done':
    'Merci. Ce code de déblocage ne fonctionne plus : personne ne peut s’en servir pour se connecter.',
  'signin.report.advice':
    'Si vous n’avez pas essayé de vous connecter, quelqu’un connaît peut-être votre mot de passe : changez-le dès maintenant.',
  'signin.report.reset': 'Réinitialiser votre mot de passe',
};
export default fr;
