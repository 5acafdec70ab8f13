import type { Strings } from '../../i18n/index.js';
import type en from '../en/reset.js';

const es: Strings<typeof en> = {
  'reset.forgot': '¿Olvidaste tu contraseña?',
  'reset.heading': 'Restablecer tu contraseña',
  'reset.intro':
    'Escribe tu correo electrónico y te enviaremos un código y un enlace para elegir una nueva contraseña.',
  'reset.warning':
    'Restablecer tu contraseña hace ilegibles los datos cifrados con la antigua: las contraseñas, marcadores, historial y demás datos sincronizados en este servidor se pierden, salvo que un dispositivo que aún los tenga los vuelva a sincronizar. Si recuerdas tu contraseña, inicia sesión en su lugar.',
  'reset.email': 'Correo electrónico',
  'reset.send': 'Enviar código',
  'reset.code.heading': 'Revisa tu correo',
  'reset.code.intro':
    'Enviamos un código y un enlace a {email}. Escribe el código aquí o abre el enlace de ese correo.',
  'reset.code.label': 'Código de restablecimiento',
  'reset.code.format': 'El código tiene 32 caracteres (0–9, a–f).',
  'reset.code.triesLeft': 'Ese código es incorrecto. Intentos restantes: {tries}.',
  'reset.code.submit': 'Continuar',
  'reset.code.resend': 'Enviar el correo de nuevo',
  'reset.code.resent': 'El correo va de nuevo de camino a {email}.',
  'reset.new.heading': 'Elige una nueva contraseña',
  'reset.new.intro': 'Para {email}.',
  'reset.new.password': 'Nueva contraseña',
  'reset.new.confirm': 'Repite la nueva contraseña',
  'reset.new.hint': 'Al menos 8 caracteres.',
  'reset.new.tooShort': 'Usa al menos 8 caracteres.',
  'reset.new.mismatch': 'Las contraseñas no coinciden.',
  'reset.new.understand': 'Entiendo que los datos cifrados con mi contraseña antigua se pierden.',
  'reset.new.mustAccept': 'Marca la casilla para confirmar que lo entiendes.',
  'reset.new.submit': 'Restablecer contraseña',
  'reset.expired':
    'Este restablecimiento ha caducado o ya se usó. Empieza de nuevo para recibir un correo nuevo.',
  'reset.startOver': 'Empezar de nuevo',
  'reset.remembered': '¿La recordaste? Inicia sesión',
  'reset.linkMissing': 'Este enlace está incompleto. Abre el enlace completo del correo.',
};
export default es;
