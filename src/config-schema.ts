// Every setting the server reads: its env var, default, format and doc. The
// formats named here ('http-url', 'auto-boolean', ...) are registered in
// config.ts, the only module that loads them and reads process.env.
import { customsSchema } from './customs/config-schema.js';
import { oauthSchema } from './oauth/config-schema.js';
import { syncSchema } from './sync/config-schema.js';
import { limitsSchema } from './db/limits-schema.js';
import { otpSchema } from './otp/config-schema.js';
import { databaseTimeoutsSchema } from './db/config-schema.js';
import { httpSchema } from './http/config-schema.js';
import { syncStorageSchema } from './sync/storage/config-schema.js';
import { pushSchema } from './push/config-schema.js';
import { noticesSchema } from './mailer/config-schema.js';
import { replaySchema } from './auth/config-schema.js';
import { signinUnblockSchema } from './routes/unblock-config-schema.js';
import { metricsSchema } from './metrics/config-schema.js';

export const schema = {
  env: {
    doc: 'Deployment mode. `production` turns off development conveniences such as preVerified sign-ups, and refuses to start without PUBLIC_URL and SMTP_URL (see "Running in production").',
    format: ['development', 'test', 'production'],
    default: 'development',
    env: 'NODE_ENV',
  },
  publicUrl: {
    doc: 'The URL clients use to reach this server. Hawk MACs are checked against its host and port, so it must match what clients see, also behind a TLS proxy. Its host is the BrowserID issuer. Required in production; empty in development means `http://<HOST>:<PORT>` (127.0.0.1 for 0.0.0.0).',
    format: 'optional-http-url',
    default: '',
    env: 'PUBLIC_URL',
  },
  listen: {
    host: {
      doc: 'Address to listen on. Use 0.0.0.0 in a container.',
      format: String,
      default: '127.0.0.1',
      env: 'HOST',
    },
    port: {
      doc: 'Port to listen on.',
      format: 'port',
      default: 9000,
      env: 'PORT',
    },
  },
  dataDir: {
    doc: 'Directory for the SQLite database and the BrowserID signing key.',
    format: String,
    default: './data',
    env: 'DATA_DIR',
  },
  database: {
    url: {
      doc: 'Database to use: `mysql://user:pass@host:3306/fxa` or `sqlite:/path/to/file.sqlite`. Empty means SQLite at `<dataDir>/fxa.sqlite`.',
      format: String,
      default: '',
      env: 'DATABASE_URL',
      sensitive: true,
    },
    autoMigrate: {
      doc: 'Apply pending database patches at start. When off, the server refuses to start until `npm run migrate` has run.',
      format: Boolean,
      default: true,
      env: 'DATABASE_AUTO_MIGRATE',
    },
    ...databaseTimeoutsSchema,
  },
  signer: {
    keyFile: {
      doc: 'Path of the BrowserID RSA signing key (JWK). Generated on first start when missing. Empty means `<dataDir>/browserid-key.json`.',
      format: String,
      default: '',
      env: 'SIGNER_KEY_FILE',
    },
    oldPublicKeyFile: {
      doc: 'Path of a previous public key (JWK) still published in /.well-known/browserid during a key rotation. Empty means `<keyFile>` with `.previous.json` in place of `.json`, when that file exists (`admin rotate-keys` writes it).',
      format: String,
      default: '',
      env: 'SIGNER_OLD_PUBLIC_KEY_FILE',
    },
  },
  admin: {
    socket: {
      doc: "Path of the unix socket (mode 0600) on which the server takes the admin CLI's customs commands (unblock, ban, blocks). Empty means `<dataDir>/admin.sock`; `off` means no socket.",
      format: String,
      default: '',
      env: 'ADMIN_SOCKET',
    },
  },
  account: {
    allowPreVerified: {
      doc: 'Accept `preVerified: true` on /account/create. Unset means on in development and test, off in production.',
      format: 'auto-boolean',
      default: null as boolean | null,
      env: 'ALLOW_PRE_VERIFIED',
    },
  },
  hawk: {
    bearerSessionTokens: {
      doc: 'Also accept `Authorization: Bearer fxs_<64-hex tokenId>` for sessionToken routes, as Firefox releases after 153 send it. The id alone authenticates, without a MAC.',
      format: Boolean,
      default: true,
      env: 'BEARER_SESSION_TOKENS',
    },
    timestampSkewSec: {
      doc: 'How far a Hawk timestamp may be from server time before errno 111.',
      format: 'nat',
      default: 60,
      env: 'HAWK_TIMESTAMP_SKEW_SEC',
    },
    ...replaySchema,
  },
  scrypt: {
    maxPending: {
      doc: 'How many password hashes (scrypt, 64 MiB each) may be in flight at once. Beyond it the server sheds load with 503 errno 201.',
      format: 'nat',
      default: 16,
      env: 'SCRYPT_MAX_PENDING',
    },
    retryAfterSec: {
      doc: 'The Retry-After sent when password hashing is saturated.',
      format: 'nat',
      default: 5,
      env: 'SCRYPT_RETRY_AFTER_SEC',
    },
  },
  tokenLifetimes: {
    sessionToken: {
      doc: 'Session token lifetime in ms; 0 means no expiry (as FxA).',
      format: 'nat',
      default: 0,
      env: 'SESSION_TOKEN_LIFETIME_MS',
    },
    keyFetchToken: {
      doc: 'Key fetch token lifetime in ms (pruned once expired); 0 means no expiry, as FxA. A sign-up verified later than this signs in again for its keys.',
      format: 'nat',
      default: 7 * 24 * 3600 * 1000,
      env: 'KEY_FETCH_TOKEN_LIFETIME_MS',
    },
    accountResetToken: {
      doc: 'Account reset token lifetime in ms.',
      format: 'nat',
      default: 15 * 60 * 1000,
      env: 'ACCOUNT_RESET_TOKEN_LIFETIME_MS',
    },
    passwordForgotToken: {
      doc: 'Password forgot token lifetime in ms.',
      format: 'nat',
      default: 60 * 60 * 1000,
      env: 'PASSWORD_FORGOT_TOKEN_LIFETIME_MS',
    },
    passwordChangeToken: {
      doc: 'Password change token lifetime in ms.',
      format: 'nat',
      default: 15 * 60 * 1000,
      env: 'PASSWORD_CHANGE_TOKEN_LIFETIME_MS',
    },
  },
  contentServer: {
    url: {
      doc: 'The content server (the sign-in and settings pages). Links in mail point here, and /v1/verify_email and /v1/complete_reset_password redirect here. Empty means publicUrl, where this process serves the pages itself.',
      format: 'optional-url',
      default: '',
      env: 'CONTENT_SERVER_URL',
    },
  },
  mail: {
    smtpUrl: {
      doc: 'SMTP server for outgoing mail: `smtp://user:pass@host:587` (STARTTLS) or `smtps://user:pass@host:465` (implicit TLS). Required in production; empty elsewhere means `smtp://127.0.0.1:25`. Ignored while the development mail sink is on.',
      format: String,
      default: '',
      env: 'SMTP_URL',
      sensitive: true,
    },
    sender: {
      doc: 'From address of every message.',
      format: String,
      default: 'Firefox Accounts <no-reply@localhost>',
      env: 'SMTP_SENDER',
    },
    sink: {
      enabled: {
        doc: 'Deliver mail to the in-process development sink instead of SMTP. Unset means on in development and test, off in production.',
        format: 'auto-boolean',
        default: null as boolean | null,
        env: 'MAIL_SINK',
      },
      smtpPort: {
        doc: 'SMTP port of the development mail sink (0: any free port).',
        format: 'port',
        default: 9025,
        env: 'MAIL_SINK_SMTP_PORT',
      },
      httpPort: {
        doc: 'HTTP port of the development mail sink, serving GET/DELETE /mail/<email> (0: any free port).',
        format: 'port',
        default: 9001,
        env: 'MAIL_SINK_HTTP_PORT',
      },
    },
    resendBlackoutMs: {
      doc: 'A verification mail is not re-sent within this many ms of the password being set.',
      format: 'nat',
      default: 10 * 60 * 1000,
      env: 'MAIL_RESEND_BLACKOUT_MS',
    },
    redirectDomain: {
      doc: 'redirectTo values must point at this domain or a subdomain. Empty means the host of contentServer.url.',
      format: String,
      default: '',
      env: 'REDIRECT_DOMAIN',
    },
    syncUrl: {
      doc: 'Link in the "account verified" mail.',
      format: 'http-url',
      default: 'https://www.mozilla.org/firefox/sync/',
      env: 'MAIL_SYNC_URL',
    },
    supportUrl: {
      doc: 'Support link in every mail.',
      format: 'http-url',
      default: 'https://support.mozilla.org/kb/im-having-problems-with-my-firefox-account',
      env: 'MAIL_SUPPORT_URL',
    },
    notices: noticesSchema,
  },
  tokenPrune: {
    intervalMs: {
      doc: 'How often expired tokens, codes and commands and idle refresh tokens are deleted; 0 turns pruning off.',
      format: 'nat',
      default: 10 * 60 * 1000,
      env: 'TOKEN_PRUNE_INTERVAL_MS',
    },
  },
  customs: customsSchema,
  oauth: oauthSchema,
  discovery: {
    authServerUrl: {
      doc: '`auth_server_base_url` in /.well-known/fxa-client-configuration (Firefox appends /v1). Empty means publicUrl.',
      format: 'optional-url',
      default: '',
      env: 'DISCOVERY_AUTH_SERVER_URL',
    },
    oauthServerUrl: {
      doc: '`oauth_server_base_url`, also the base of jwks_uri in /.well-known/openid-configuration. Empty means publicUrl.',
      format: 'optional-url',
      default: '',
      env: 'DISCOVERY_OAUTH_SERVER_URL',
    },
    profileServerUrl: {
      doc: '`profile_server_base_url` (Firefox appends /v1). Empty means publicUrl followed by profile.pathPrefix.',
      format: 'optional-url',
      default: '',
      env: 'DISCOVERY_PROFILE_SERVER_URL',
    },
    syncTokenserverUrl: {
      doc: '`sync_tokenserver_base_url` (Firefox appends /1.0/sync/1.5), and the `aud` of Sync access tokens. Empty means `<publicUrl>/token`.',
      format: 'optional-url',
      default: '',
      env: 'DISCOVERY_SYNC_TOKENSERVER_URL',
    },
    pairingServerUrl: {
      doc: '`pairing_server_base_uri` (a channel server, ws:// or wss://). Empty leaves it out of the document.',
      format: 'optional-url',
      default: '',
      env: 'DISCOVERY_PAIRING_SERVER_URL',
    },
  },
  profile: {
    pathPrefix: {
      doc: 'Where the profile endpoint is mounted: GET `<pathPrefix>/v1/profile`.',
      format: String,
      default: '/profile',
      env: 'PROFILE_PATH_PREFIX',
    },
    defaultAvatarUrl: {
      doc: 'The `avatar` every profile reports. Empty means the default avatar this server serves at `<pathPrefix>/v1/avatar/default`.',
      format: 'optional-url',
      default: '',
      env: 'PROFILE_DEFAULT_AVATAR_URL',
    },
  },
  corsOrigin: {
    doc: 'Value of Access-Control-Allow-Origin.',
    format: String,
    default: '*',
    env: 'CORS_ORIGIN',
  },
  log: {
    level: {
      doc: 'Log level: fatal, error, warn, info, debug, trace or silent.',
      format: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      default: 'info',
      env: 'LOG_LEVEL',
    },
  },
  git: {
    commit: {
      doc: 'Commit reported by /__version__. Empty means read it from .git when present.',
      format: String,
      default: '',
      env: 'GIT_COMMIT',
    },
  },
  // The rooms with settings of their own, one line each.
  sync: syncSchema,
  limits: limitsSchema,
  otp: otpSchema,
  http: httpSchema,
  syncStorage: syncStorageSchema,
  push: pushSchema,
  signinUnblock: signinUnblockSchema,
  metrics: metricsSchema,
};
