// How long the server waits for its database, plugged into the server's
// schema under `database`. A database that is down, frozen or locked costs a
// request at most these bounds, and the client is told 503 errno 201 with
// Retry-After instead of waiting on an answer that may never come.
import { DEFAULT_TIMEOUTS } from './sql/deadline.js';

export const databaseTimeoutsSchema = {
  queryTimeoutMs: {
    doc: 'The longest one database operation (a statement or a transaction) may take, in ms, counted from when it asks for a connection (MySQL) or queues for the file (SQLite), waits for locks included. Past it the request gets 503 errno 201. 0 turns it off.',
    format: 'nat',
    default: DEFAULT_TIMEOUTS.queryMs,
    env: 'DATABASE_QUERY_TIMEOUT_MS',
  },
  connectTimeoutMs: {
    doc: 'MySQL: how long opening a connection may take, in ms. 0 turns it off.',
    format: 'nat',
    default: DEFAULT_TIMEOUTS.connectMs,
    env: 'DATABASE_CONNECT_TIMEOUT_MS',
  },
  retryAfterSec: {
    doc: 'The Retry-After sent with 503 errno 201 when the database cannot answer.',
    format: 'nat',
    default: 10,
    env: 'DATABASE_RETRY_AFTER_SEC',
  },
};
