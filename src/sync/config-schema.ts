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
};
