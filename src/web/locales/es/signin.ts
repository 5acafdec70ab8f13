import type { Strings } from '../../i18n/index.js';
import type en from '../en/signin.js';

const es: Strings<typeof en> = {
  'signin.email.heading': 'Escribe tu correo electrónico',
  'signin.email.sync': 'Continuar a Firefox Sync',
  'signin.email.label': 'Correo electrónico',
  'signin.password.heading': 'Escribe tu contraseña',
  'signin.password.as': 'Iniciando sesión como {email}',
  'signin.password.label': 'Contraseña',
  'signin.password.submit': 'Iniciar sesión',
  'signin.changeEmail': 'Usar otro correo',
  'signin.signup.heading': 'Crea una contraseña',
  'signin.signup.intro': 'Ninguna cuenta usa {email} todavía. Elige una contraseña para crear una.',
  'signin.signup.password': 'Contraseña',
  'signin.signup.confirm': 'Repite la contraseña',
  'signin.signup.hint': 'Al menos 8 caracteres.',
  'signin.signup.tooShort': 'Usa al menos 8 caracteres.',
  'signin.signup.mismatch': 'Las contraseñas no coinciden.',
  'signin.signup.submit': 'Crear cuenta',
  'signin.code.heading': 'Escribe el código de confirmación',
  'signin.code.intro':
    'Hemos enviado un código de 6 cifras a {email}. Escríbelo aquí o abre el enlace de ese correo.',
  'signin.code.label': 'Código de confirmación',
  'signin.code.format': 'El código tiene 6 cifras.',
  'signin.code.submit': 'Confirmar',
  'signin.code.resend': 'Enviar un código nuevo',
  'signin.code.resent': 'Un código nuevo va de camino a {email}.',
  'signin.unblock.heading': 'Confirma que eres tú',
  'signin.unblock.intro':
    'Ha habido demasiados intentos de inicio de sesión para {email}. Podemos enviarte un código que desbloquea el inicio de sesión.',
  'signin.unblock.send': 'Enviarme un código',
  'signin.unblock.sent': 'Hemos enviado un código de desbloqueo a {email}.',
  'signin.unblock.label': 'Código de desbloqueo',
  'signin.unblock.format': 'El código tiene 8 letras y cifras.',
  'signin.unblock.submit': 'Desbloquear e iniciar sesión',
  'signin.cwts.heading': 'Elige qué sincronizar',
  'signin.cwts.intro':
    'Firefox mantiene estos datos al día en todos los dispositivos donde inicies sesión.',
  'signin.cwts.submit': 'Empezar a sincronizar',
  'signin.engine.addons': 'Complementos',
  'signin.engine.addresses': 'Direcciones',
  'signin.engine.bookmarks': 'Marcadores',
  'signin.engine.creditcards': 'Métodos de pago',
  'signin.engine.history': 'Historial',
  'signin.engine.passwords': 'Contraseñas',
  'signin.engine.prefs': 'Ajustes',
  'signin.engine.tabs': 'Pestañas abiertas',
  'signin.handover': 'Conectando Firefox…',
  'signin.done.heading': 'Has iniciado sesión',
  'signin.done.sync': 'Firefox ha iniciado sesión como {email} y empieza a sincronizar.',
  'signin.done.web': 'Has iniciado sesión como {email}.',
  'signin.firefox.linkRefused':
    'Firefox no ha aceptado iniciar sesión con esta cuenta aquí. No se ha cambiado nada.',
  'signin.firefox.noFlow':
    'Empieza a iniciar sesión desde el propio Firefox (Ajustes y luego Sync) para conectar este navegador.',
  'signin.firefox.failed': 'Firefox no ha podido terminar de iniciar sesión. Vuelve a intentarlo.',
  'signin.firefox.lostFlow':
    'Firefox ha perdido este inicio de sesión. Vuelve a empezar desde el propio Firefox (Ajustes y luego Sync).',
  'signin.verify.heading': 'Confirmando tu correo',
  'signin.verify.done': 'Tu correo está confirmado',
  'signin.verify.doneBody':
    'Puedes cerrar esta pestaña: la pestaña donde iniciaste sesión continúa sola.',
  'signin.verify.missing': 'Este enlace está incompleto. Abre el enlace completo desde el correo.',
  'signin.stopped.heading': 'No se ha completado el inicio de sesión',
  'signin.startOver': 'Empezar de nuevo',
  'signin.report.heading': 'Informar de un inicio de sesión',
  'signin.report.done':
    'Gracias. Ese código de desbloqueo ya no funciona: nadie puede usarlo para iniciar sesión.',
  'signin.report.advice':
    'Si no intentaste iniciar sesión, puede que alguien conozca tu contraseña: cámbiala ahora.',
  'signin.report.reset': 'Restablecer tu contraseña',
};
export default es;
