// The registry of locales the mailer writes in. Each export's name is a
// language tag, with `_` standing for `-` where a tag has a region (a line
// `export { default as pt_BR } from './pt-BR.js';` adds Brazilian Portuguese).
// Adding a language is one strings file and one line here; nothing else
// changes. `en` must stay: it is the fallback.
export { default as en } from './en.js';
export { default as de } from './de.js';
export { default as es } from './es.js';
export { default as fr } from './fr.js';
