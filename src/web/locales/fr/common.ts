import type { Strings } from '../../i18n/index.js';
import type en from '../en/common.js';

const fr: Strings<typeof en> = {
  'app.title': 'Comptes Firefox',
  'common.continue': 'Continuer',
  'common.working': 'Un instant…',
  'common.signOut': 'Se déconnecter',
  'common.settings': 'Gérer votre compte',
  'notFound.heading': 'Page introuvable',
  'notFound.body': 'Il n’y a aucune page à cette adresse.',
  'notFound.home': 'Aller à la connexion',
  'error.network': 'Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.',
  'error.unexpected': 'Une erreur s’est produite. Veuillez réessayer.',
  'error.insecure': 'La connexion demande une liaison sécurisée : ouvrez cette page en https.',
  'error.throttled': 'Trop de tentatives. Réessayez dans {wait}.',
  'error.throttledLater': 'Trop de tentatives. Réessayez plus tard.',
  'error.unavailable': 'Le serveur est très sollicité. Veuillez réessayer dans un instant.',
  'error.unknownAccount': 'Aucun compte n’existe pour cette adresse électronique.',
  'error.incorrectPassword': 'Mot de passe incorrect.',
  'error.unverified': 'L’adresse électronique de ce compte n’est pas encore confirmée.',
  'error.invalidCode': 'Ce code est erroné ou a expiré.',
  'error.invalidLink': 'Ce lien est erroné, a déjà servi ou a expiré.',
  'error.invalidToken': 'Votre session a pris fin. Veuillez vous reconnecter.',
  'error.accountExists': 'Un compte existe déjà pour cette adresse électronique.',
  'error.invalidUnblockCode': 'Ce code de déblocage est erroné ou a expiré.',
  'error.invalidEmail': 'Saisissez une adresse électronique valide.',
  'error.required': 'Ce champ est obligatoire.',
  'common.signOutFailed': 'La déconnexion n’a pas abouti : vous êtes toujours connecté. {reason}',
};
export default fr;
