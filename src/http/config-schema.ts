// Settings of the HTTP listener: how long a client may take to send its
// request, and how large its headers may be. They bound what a slow or
// stalled client (slowloris) can hold open; the README's Security section
// says what they guarantee. Plugged into the server's schema under `http`,
// with the Strict-Transport-Security header every response carries (hsts.ts).
export const httpSchema = {
  headersTimeoutMs: {
    doc: 'How long a client may take to send the request line and headers, in ms, before it gets 408 and the connection is closed. 0 turns it off.',
    format: 'nat',
    default: 10_000,
    env: 'HTTP_HEADERS_TIMEOUT_MS',
  },
  requestTimeoutMs: {
    doc: 'How long a client may take to send one whole request, headers and body, in ms, before it gets 408 and the connection is closed. At least http.headersTimeoutMs. 0 turns it off.',
    format: 'nat',
    default: 15_000,
    env: 'HTTP_REQUEST_TIMEOUT_MS',
  },
  socketTimeoutMs: {
    doc: 'How long a connection may sit idle while a request is in progress, in ms, before it is closed. More than http.requestTimeoutMs. 0 turns it off.',
    format: 'nat',
    default: 30_000,
    env: 'HTTP_SOCKET_TIMEOUT_MS',
  },
  maxHeaderBytes: {
    doc: 'The most bytes of request line and headers accepted; beyond it the client gets 431 (or 414 for the URL) errno 113.',
    format: 'nat',
    default: 16_384,
    env: 'HTTP_MAX_HEADER_BYTES',
  },
  hsts: {
    enabled: {
      doc: 'Send Strict-Transport-Security on every response. Unset means on when publicUrl is https, off otherwise.',
      format: 'auto-boolean',
      default: null as boolean | null,
      env: 'HSTS',
    },
    maxAgeSec: {
      doc: 'HSTS max-age in seconds: how long a browser keeps to https for this host. 0 tells browsers to forget it.',
      format: 'nat',
      default: 15_552_000,
      env: 'HSTS_MAX_AGE_SEC',
    },
    includeSubDomains: {
      doc: 'Add includeSubDomains, forcing every subdomain of the host onto https too. Off: other services under the same domain may still run on http.',
      format: Boolean,
      default: false,
      env: 'HSTS_INCLUDE_SUBDOMAINS',
    },
    preload: {
      doc: "Add preload, for the browsers' built-in HSTS list (hstspreload.org); requires includeSubDomains and a max-age of a year or more.",
      format: Boolean,
      default: false,
      env: 'HSTS_PRELOAD',
    },
  },
};
