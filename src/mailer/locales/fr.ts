// French.
import type { MailStrings } from './types.js';

const fr: MailStrings = {
  verifyEmail: {
    subject: 'Vérifiez votre compte Firefox',
    heading: 'Confirmez votre adresse électronique',
    body: [
      'Un compte Firefox vient d’être créé avec l’adresse {email}. Si c’est bien vous, confirmez cette adresse pour terminer la configuration du compte et commencer la synchronisation.',
    ],
    action: 'Confirmer l’adresse',
    footnote:
      'Si vous n’avez pas créé ce compte, ignorez simplement ce message : le compte restera inactif.',
  },
  verifyShortCode: {
    subject: 'Votre code de confirmation pour votre compte Firefox',
    heading: 'Confirmez votre adresse électronique',
    body: [
      'Pour confirmer l’adresse {email} de votre compte Firefox, saisissez ce code sur la page qui vous le demande. Il n’est valable que pendant une durée limitée.',
    ],
    action: 'Ou confirmez avec ce lien',
    footnote:
      'Si vous n’avez pas créé ce compte, ignorez simplement ce message : le compte restera inactif.',
  },
  recoveryCode: {
    subject: 'Réinitialisez le mot de passe de votre compte Firefox',
    heading: 'Réinitialiser votre mot de passe',
    body: [
      'Nous avons reçu une demande de réinitialisation du mot de passe du compte Firefox associé à {email}. Saisissez ce code sur la page où vous l’avez demandée, ou utilisez le lien ci-dessous. L’un comme l’autre ne sont valables que pendant une durée limitée.',
    ],
    action: 'Choisir un nouveau mot de passe',
    footnote:
      'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe ne changera pas.',
  },
  passwordChanged: {
    subject: 'Le mot de passe de votre compte Firefox a été modifié',
    heading: 'Votre mot de passe a été modifié',
    body: [
      'Le mot de passe du compte Firefox associé à {email} vient d’être modifié.',
      'Si vous n’êtes pas à l’origine de ce changement, réinitialisez votre mot de passe dès maintenant pour protéger votre compte.',
    ],
    action: 'Réinitialiser le mot de passe',
  },
  passwordReset: {
    subject: 'Le mot de passe de votre compte Firefox a été réinitialisé',
    heading: 'Votre mot de passe a été réinitialisé',
    body: [
      'Le mot de passe du compte Firefox associé à {email} a été réinitialisé.',
      'Si vous n’êtes pas à l’origine de cette opération, réinitialisez-le de nouveau sans attendre pour protéger votre compte.',
    ],
    action: 'Réinitialiser le mot de passe',
  },
  postVerify: {
    subject: 'Compte Firefox vérifié',
    heading: 'Votre compte est prêt',
    body: [
      'Votre adresse électronique est confirmée. Connectez-vous maintenant à Firefox sur vos autres ordinateurs et téléphones pour synchroniser vos marque-pages, mots de passe et historique.',
    ],
    action: 'Configurer Sync sur un autre appareil',
  },
  unblockCode: {
    subject: 'Votre code d’autorisation pour votre compte Firefox',
    heading: 'Autoriser cette connexion',
    body: [
      'Quelqu’un se connecte au compte Firefox {email} et nous avons suspendu la connexion après plusieurs tentatives. Si c’est vous, saisissez ce code pour continuer :',
      '{code}',
      'Le code ne sert qu’une fois et expire dans l’heure.',
    ],
    action: 'Ce n’était pas moi : signaler cette connexion',
    footnote:
      'Si vous n’avez pas essayé de vous connecter, signalez-le avec le lien ci-dessus et changez votre mot de passe. Votre compte reste fermé aux autres dans tous les cas.',
  },
  common: {
    linkFallback: 'Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :',
    supportIntro: 'Des questions ?',
    supportLink: 'Consultez l’assistance Mozilla',
    automated: 'Ce message a été envoyé automatiquement. Les réponses ne sont pas lues.',
  },
};

export default fr;
