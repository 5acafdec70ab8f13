// Spanish.
import type { MailStrings } from './types.js';

const es: MailStrings = {
  verifyEmail: {
    subject: 'Verifica tu cuenta de Firefox',
    heading: 'Confirma tu dirección de correo',
    body: [
      'Se acaba de crear una cuenta de Firefox con {email}. Si has sido tú, confirma la dirección para terminar de configurar la cuenta y empezar a sincronizar.',
    ],
    action: 'Confirmar correo',
    footnote: 'Si no has creado esta cuenta, ignora este mensaje; la cuenta seguirá inactiva.',
  },
  verifyShortCode: {
    subject: 'Tu código de confirmación de la cuenta de Firefox',
    heading: 'Confirma tu dirección de correo',
    body: [
      'Para confirmar {email} en tu cuenta de Firefox, introduce este código en la página que te lo pide. Solo es válido durante un tiempo limitado.',
    ],
    action: 'O confirma con este enlace',
    footnote: 'Si no has creado esta cuenta, ignora este mensaje; la cuenta seguirá inactiva.',
  },
  recoveryCode: {
    subject: 'Restablece la contraseña de tu cuenta de Firefox',
    heading: 'Restablecer la contraseña',
    body: [
      'Hemos recibido una solicitud para restablecer la contraseña de la cuenta de Firefox de {email}. Escribe este código en la página donde lo solicitaste o usa el siguiente enlace. Ambos solo funcionan durante un tiempo limitado.',
    ],
    action: 'Elegir una contraseña nueva',
    footnote: 'Si no lo has solicitado, ignora este mensaje. Tu contraseña no cambiará.',
  },
  passwordChanged: {
    subject: 'Se ha cambiado la contraseña de tu cuenta de Firefox',
    heading: 'Tu contraseña ha cambiado',
    body: [
      'Se acaba de cambiar la contraseña de la cuenta de Firefox de {email}.',
      'Si no has sido tú, restablece la contraseña ahora mismo para proteger tu cuenta.',
    ],
    action: 'Restablecer contraseña',
  },
  passwordReset: {
    subject: 'Se ha restablecido la contraseña de tu cuenta de Firefox',
    heading: 'Tu contraseña se ha restablecido',
    body: [
      'Se ha restablecido la contraseña de la cuenta de Firefox de {email}.',
      'Si no has sido tú, vuelve a restablecerla de inmediato para proteger tu cuenta.',
    ],
    action: 'Restablecer contraseña',
  },
  postVerify: {
    subject: 'Cuenta de Firefox verificada',
    heading: 'Tu cuenta está lista',
    body: [
      'Tu dirección de correo está confirmada. Inicia sesión en Firefox en tus otros ordenadores y teléfonos para mantener sincronizados tus marcadores, contraseñas e historial.',
    ],
    action: 'Configurar Sync en otro dispositivo',
  },
  unblockCode: {
    subject: 'Tu código de autorización de la cuenta de Firefox',
    heading: 'Autoriza este inicio de sesión',
    body: [
      'Alguien está iniciando sesión en la cuenta de Firefox {email} y hemos detenido el inicio de sesión tras varios intentos. Si eres tú, introduce este código para continuar:',
      '{code}',
      'El código sirve una sola vez y caduca en una hora.',
    ],
    action: 'No fui yo: informar de este inicio de sesión',
    footnote:
      'Si no intentaste iniciar sesión, infórmanos con el enlace de arriba y cambia tu contraseña. En cualquier caso, tu cuenta sigue cerrada para los demás.',
  },
  common: {
    linkFallback: 'Si el botón no funciona, copia esta dirección en tu navegador:',
    supportIntro: '¿Tienes preguntas?',
    supportLink: 'Visita la ayuda de Mozilla',
    automated: 'Este mensaje se ha enviado automáticamente. Las respuestas no se leen.',
  },
};

export default es;
