// Every area's strings for this language; a new area adds one import and one spread.
import common from './common.js';
import other from './other.js';
import reset from './reset.js';
import settings from './settings.js';
import signin from './signin.js';

export default { ...common, ...signin, ...settings, ...reset, ...other };
