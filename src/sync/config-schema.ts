// Settings of the Sync room (tokenserver and storage), plugged into the
// server's schema under `sync`.
export const syncSchema = {
  masterSecret: {
    doc: 'The secret Sync tokens are signed and derived with (tokenlib format). Set it to share it with an external syncstorage-rs node; empty means one generated on first start into `<dataDir>/sync-secret`.',
    format: String,
    default: '',
    env: 'SYNC_MASTER_SECRET',
    sensitive: true,
  },
  nodeUrl: {
    doc: 'The storage node the tokenserver sends clients to (tokens name `<nodeUrl>/1.5/<uid>`). Empty means the built-in storage at `<publicUrl>/sync`; an external syncstorage-rs node must share `SYNC_MASTER_SECRET`.',
    format: 'optional-url',
    default: '',
    env: 'SYNC_NODE_URL',
  },
  tokenDuration: {
    doc: 'Lifetime of Sync storage tokens in seconds. A client may ask for less with `?duration=`; Firefox fetches a new one at 80% of it.',
    format: 'nat',
    default: 3600,
    env: 'SYNC_TOKEN_DURATION',
  },
  allowNewUsers: {
    doc: 'Give Sync uids to accounts that never synced before. Off, they get 403 `new-users-disabled`; accounts that already sync go on.',
    format: Boolean,
    default: true,
    env: 'SYNC_ALLOW_NEW_USERS',
  },
};
