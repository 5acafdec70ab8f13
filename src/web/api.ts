// The one FxaClient the pages share. The API is served from the same
// origin as the pages, and the user's languages go along so the server
// mails in them.
import { FxaClient } from '../client/index.js';

export const client = new FxaClient(location.origin, { lang: navigator.languages.join(',') });
