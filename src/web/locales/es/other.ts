import type { Strings } from '../../i18n/index.js';
import type en from '../en/other.js';

const es: Strings<typeof en> = {
  'other.cad.heading': 'Inicia sesión en otro dispositivo',
  'other.cad.intro':
    'Para sincronizar con otro dispositivo, inicia sesión allí en Firefox con la misma cuenta:',
  'other.cad.step1': 'Instala Firefox en el otro dispositivo y ábrelo.',
  'other.cad.step2':
    'Ordenadores: abre Ajustes, luego Sync, y elige Iniciar sesión. Teléfonos: abre el menú y luego Inicia sesión para sincronizar.',
  'other.cad.step3':
    'Usa el correo y la contraseña de esta cuenta. Firefox empieza a sincronizar por sí solo.',
  'other.cad.server':
    'Ese Firefox también debe usar este servidor: antes de iniciar sesión, pon identity.fxaccounts.autoconfig.uri en {origin} en about:config.',
  'other.pair.heading': 'La vinculación no está disponible',
  'other.pair.body':
    'Este servidor no permite vincular un dispositivo con un código QR. Inicia sesión en el otro dispositivo con tu correo y tu contraseña.',
  'other.pair.howto': 'Cómo iniciar sesión en otro dispositivo',
  'other.redirecting': 'Redirigiendo…',
};
export default es;
