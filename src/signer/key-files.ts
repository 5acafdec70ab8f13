// Where a signing key's previous public key lives during a rotation: beside
// the key, so whoever backs up or mounts the one has the other (config.ts
// finds it there, src/admin/keys.ts writes it); and reading a key file.

/** `/data/browserid-key.json` -> `/data/browserid-key.previous.json`. */
export function previousKeyFile(keyFile: string): string {
  return `${keyFile.replace(/\.json$/, '')}.previous.json`;
}

/**
 * The JSON in a key file. A damaged one is refused by its path alone: V8's
 * message quotes the text around the fault, which here is the key, and the
 * error reaches the start-up log.
 */
export function parseKeyFile(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${path} is not valid JSON`);
  }
}
