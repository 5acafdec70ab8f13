import type { Strings } from '../../i18n/index.js';
import type en from '../en/common.js';

const es: Strings<typeof en> = {
  'app.title': 'Cuentas de Firefox',
  'common.continue': 'Continuar',
  'common.working': 'Un momento…',
  'common.signOut': 'Cerrar sesión',
  'common.settings': 'Administrar tu cuenta',
  'notFound.heading': 'Página no encontrada',
  'notFound.body': 'No hay ninguna página en esta dirección.',
  'notFound.home': 'Ir al inicio de sesión',
  'error.network':
    'No se puede contactar con el servidor. Comprueba tu conexión e inténtalo de nuevo.',
  'error.unexpected': 'Algo ha salido mal. Inténtalo de nuevo.',
  'error.insecure':
    'Para iniciar sesión hace falta una conexión segura: abre esta página con https.',
  'error.throttled': 'Demasiados intentos. Vuelve a intentarlo en {wait}.',
  'error.throttledLater': 'Demasiados intentos. Vuelve a intentarlo más tarde.',
  'error.unavailable': 'El servidor está muy ocupado. Inténtalo de nuevo en unos instantes.',
  'error.unknownAccount': 'No hay ninguna cuenta con esta dirección de correo.',
  'error.incorrectPassword': 'Contraseña incorrecta.',
  'error.unverified': 'La dirección de correo de esta cuenta aún no está confirmada.',
  'error.invalidCode': 'Ese código es incorrecto o ha caducado.',
  'error.invalidLink': 'Este enlace es incorrecto, ya se ha usado o ha caducado.',
  'error.invalidToken': 'Tu sesión ha terminado. Vuelve a iniciar sesión.',
  'error.accountExists': 'Ya existe una cuenta con esta dirección de correo.',
  'error.invalidUnblockCode': 'Ese código de desbloqueo es incorrecto o ha caducado.',
  'error.invalidEmail': 'Escribe una dirección de correo válida.',
  'error.required': 'Este campo es obligatorio.',
  'common.signOutFailed':
    'No se ha podido cerrar la sesión, así que sigues con ella iniciada. {reason}',
};
export default es;
