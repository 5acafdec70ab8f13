// src/client's onepw with Buffers at the edge, for tests and tools that
// compare and print the values with Buffer.
import {
  deriveTokenKeys,
  stretch as stretchBytes,
  type TokenType,
} from '../../src/client/index.js';

export type { TokenType } from '../../src/client/index.js';

const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);

/** authPW and unwrapBKey for an email and password (api-v1.md §3.1). */
export async function stretch(
  email: string,
  password: string,
): Promise<{ authPW: Buffer; unwrapBKey: Buffer }> {
  const { authPW, unwrapBKey } = await stretchBytes(email, password);
  return { authPW: buffer(authPW), unwrapBKey: buffer(unwrapBKey) };
}

/** The Hawk id, Hawk key and bundle key of a token seed (api-v1.md §3.2). */
export async function deriveToken(
  type: TokenType,
  seedHex: string,
): Promise<{ id: string; authKey: Buffer; bundleKey: Buffer }> {
  const { id, authKey, bundleKey } = await deriveTokenKeys(type, seedHex);
  return { id, authKey: buffer(authKey), bundleKey: buffer(bundleKey) };
}
