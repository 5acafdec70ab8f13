// The transport of every remote story: src/client's Transport, so the
// tests drive the server through the same code the pages run. `request`
// never throws for an HTTP status, so tests can assert on error bodies;
// `call` throws an ApiError (the client's FxaError) outside 2xx.
//
// Tests wait as long as a loaded CI machine needs, so no request times out.
import { FxaClient, Transport, type TransportOptions } from '../../src/client/index.js';

export type {
  ApiResponse,
  HawkOverrides,
  JsonObject,
  RequestOptions,
  TokenRef,
} from '../../src/client/index.js';
export { FxaError as ApiError } from '../../src/client/index.js';

export class Api extends Transport {
  constructor(origin: string, opts: TransportOptions = {}) {
    super(origin, { timeoutMs: 0, ...opts });
  }

  /** The client's verbs over this transport. */
  verbs(): FxaClient {
    return new FxaClient(this.origin, { transport: this });
  }
}
