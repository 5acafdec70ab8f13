// The public keys /certificate/sign certifies (issue 11, finding 9; spec §5):
// browserid-crypto writes RS numbers in decimal and DS numbers in hex, and
// knows RSA moduli of 64, 128 and 256 bytes and DSA of 1024/160 and
// 2048/256 bits. A key outside that is refused with 107 instead of being
// signed into a certificate no relying party could use.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import { before, it } from 'node:test';
import type { ApiResponse } from '../client/api.js';
import {
  base64urlToDecimal,
  decodeJws,
  generateBrowserIdDsaKey,
  generateBrowserIdKey,
  type BrowserIdDsaPublicKey,
} from '../client/browserid.js';
import { Client } from '../client/client.js';
import { describeEachDatabase } from '../helpers/databases.js';
import { PASSWORD, assertFxaError, assertOk, randomEmail, useServer } from './support.js';

const generateKeyPairAsync = promisify(generateKeyPair);
const HOUR = 3600 * 1000;

/** The RS key of the 2015 server's own certificate tests: a 511-bit modulus. */
const LEGACY_RS_KEY = {
  algorithm: 'RS',
  n: '4759385967235610503571494339196749614544606692567785790953934768202714280652973091341316862993582789079872007974809511698859885077002492642203267408776123',
  e: '65537',
};

async function rsaKey(bits: number) {
  const { publicKey } = await generateKeyPairAsync('rsa', { modulusLength: bits });
  const jwk = publicKey.export({ format: 'jwk' });
  return {
    algorithm: 'RS',
    n: base64urlToDecimal(jwk.n ?? ''),
    e: base64urlToDecimal(jwk.e ?? ''),
  };
}

/** A hex number of exactly `bits` bits. */
const hexOfBits = (bits: number) =>
  (BigInt(`0x${randomBytes(bits / 8).toString('hex')}`) | (1n << BigInt(bits - 1))).toString(16);

describeEachDatabase('certificate sign: public keys', (db) => {
  const server = useServer(db);
  let account: Client;
  let dsa: BrowserIdDsaPublicKey;

  before(async () => {
    account = await Client.create(server().origin, randomEmail(), PASSWORD, { preVerified: true });
    dsa = await generateBrowserIdDsaKey(1024, 160);
  });

  const sign = (publicKey: Record<string, string>): Promise<ApiResponse> =>
    account.request('POST', '/v1/certificate/sign', {
      token: account.session(),
      body: { publicKey, duration: HOUR },
    });

  function assertCertifies(res: ApiResponse, publicKey: Record<string, string>): void {
    assertOk(res);
    assert.deepEqual(decodeJws(String(res.body.cert)).payload['public-key'], publicKey);
  }

  it('certifies the 2015 test key and RS keys of 1024 and 2048 bits', async () => {
    assertCertifies(await sign(LEGACY_RS_KEY), LEGACY_RS_KEY);
    const rs1024 = await rsaKey(1024);
    assertCertifies(await sign(rs1024), rs1024);
    const rs2048 = { ...(await generateBrowserIdKey()).publicKey };
    assertCertifies(await sign(rs2048), rs2048);
  });

  it('certifies a DS key of 1024/160 bits', async () => {
    const key = { ...dsa };
    assertCertifies(await sign(key), key);
  });

  it('refuses RS numbers that are not decimal (107)', async () => {
    for (const bad of [
      { ...LEGACY_RS_KEY, n: 'abcdef' },
      { ...LEGACY_RS_KEY, n: BigInt(LEGACY_RS_KEY.n).toString(16) },
      { ...LEGACY_RS_KEY, n: `-${LEGACY_RS_KEY.n}` },
      { ...LEGACY_RS_KEY, e: '0x10001' },
      { ...LEGACY_RS_KEY, e: '65536' },
      { ...LEGACY_RS_KEY, e: '1' },
    ]) {
      assertFxaError(await sign(bad), 400, 107);
    }
  });

  it('refuses RS moduli of unsupported sizes (107)', async () => {
    assertFxaError(await sign(await rsaKey(3072)), 400, 107);
    const tiny = { ...LEGACY_RS_KEY, n: (2n ** 255n + 1n).toString() };
    assertFxaError(await sign(tiny), 400, 107);
  });

  it('refuses DS numbers that are not hex, or of unsupported sizes (107)', async () => {
    for (const bad of [
      { ...dsa, y: 'not hex' },
      { ...dsa, g: `0x${dsa.g}` },
      { ...dsa, q: hexOfBits(256) },
      { ...dsa, p: hexOfBits(512) },
      { ...dsa, y: `${dsa.p}00` },
    ]) {
      assertFxaError(await sign(bad), 400, 107);
    }
  });
});
