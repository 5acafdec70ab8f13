import type { Strings } from '../../i18n/index.js';
import type en from '../en/reset.js';

const fr: Strings<typeof en> = {
  'reset.forgot': 'Mot de passe oublié ?',
  'reset.heading': 'Réinitialiser votre mot de passe',
  'reset.intro':
    'Saisissez votre adresse électronique : nous vous enverrons un code et un lien pour choisir un nouveau mot de passe.',
  'reset.warning':
    'Réinitialiser votre mot de passe rend illisibles les données chiffrées avec l’ancien : les mots de passe, marque-pages, historique et autres données synchronisés sur ce serveur sont perdus, sauf si un appareil qui les possède encore les synchronise à nouveau. Si vous vous souvenez de votre mot de passe, connectez-vous plutôt.',
  'reset.email': 'Adresse électronique',
  'reset.send': 'Envoyer le code',
  'reset.code.heading': 'Consultez vos messages',
  'reset.code.intro':
    'Nous avons envoyé un code et un lien à {email}. Saisissez le code ici, ou ouvrez le lien de ce message.',
  'reset.code.label': 'Code de réinitialisation',
  'reset.code.format': 'Le code compte 32 caractères (0–9, a–f).',
  'reset.code.triesLeft': 'Ce code est erroné. Essais restants : {tries}.',
  'reset.code.submit': 'Continuer',
  'reset.code.resend': 'Renvoyer le message',
  'reset.code.resent': 'Le message est de nouveau en route vers {email}.',
  'reset.new.heading': 'Choisissez un nouveau mot de passe',
  'reset.new.intro': 'Pour {email}.',
  'reset.new.password': 'Nouveau mot de passe',
  'reset.new.confirm': 'Répétez le nouveau mot de passe',
  'reset.new.hint': 'Au moins 8 caractères.',
  'reset.new.tooShort': 'Utilisez au moins 8 caractères.',
  'reset.new.mismatch': 'Les mots de passe ne correspondent pas.',
  'reset.new.understand':
    'Je comprends que les données chiffrées avec mon ancien mot de passe sont perdues.',
  'reset.new.mustAccept': 'Cochez la case pour confirmer que vous comprenez.',
  'reset.new.submit': 'Réinitialiser le mot de passe',
  'reset.expired':
    'Cette réinitialisation a expiré ou a déjà servi. Recommencez pour recevoir un nouveau message.',
  'reset.startOver': 'Recommencer',
  'reset.remembered': 'Vous vous en souvenez ? Connectez-vous',
  'reset.linkMissing': 'Ce lien est incomplet. Ouvrez le lien entier depuis le message.',
};
export default fr;
