// Where a signing key's previous public key lives during a rotation: beside
// the key, so whoever backs up or mounts the one has the other (config.ts
// finds it there, src/admin/keys.ts writes it).

/** `/data/browserid-key.json` -> `/data/browserid-key.previous.json`. */
export function previousKeyFile(keyFile: string): string {
  return `${keyFile.replace(/\.json$/, '')}.previous.json`;
}
