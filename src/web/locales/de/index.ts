// Every area's strings for this language; a new area adds one import and one spread.
import common from './common.js';
import signin from './signin.js';

export default { ...common, ...signin };
