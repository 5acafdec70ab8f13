// Access tokens are JWTs a Sync tokenserver can check on its own (firefox.md
// §4): RS256, header typ `at+JWT` (RFC 9068), claims sub (uid hex), scope
// (space-separated), client_id, aud, iat, exp, jti and fxa-generation (the
// account's verifierSetAt, which lets the tokenserver refuse tokens from
// before a password change). Times in the JWT are seconds, as JWT wants.
//
// The signature only proves this server issued the token. Whether it is
// still good (not revoked) is the stored row's business; see grants.ts.
import { SignJWT, errors, jwtVerify } from 'jose';
import type { OAuthKeys } from './keys.js';

export const ACCESS_TOKEN_TYP = 'at+JWT';

export interface AccessTokenClaims {
  uid: string; // hex
  clientId: string; // hex
  scope: string;
  audience: string;
  issuer: string;
  generation: number;
  jti: string; // hex
  issuedAt: number; // s
  expiresAt: number; // s
}

export function signAccessToken(keys: OAuthKeys, c: AccessTokenClaims): Promise<string> {
  return new SignJWT({ scope: c.scope, client_id: c.clientId, 'fxa-generation': c.generation })
    .setProtectedHeader({ alg: 'RS256', typ: ACCESS_TOKEN_TYP, kid: keys.kid })
    .setSubject(c.uid)
    .setAudience(c.audience)
    .setIssuer(c.issuer)
    .setIssuedAt(c.issuedAt)
    .setExpirationTime(c.expiresAt)
    .setJti(c.jti)
    .sign(keys.privateKey);
}

export interface VerifiedClaims {
  uid: string;
  clientId: string;
  scope: string;
  generation: number;
  jti: string;
  expiresAt: number; // s
}

const HEX = (bytes: number) => new RegExp(`^[0-9a-f]{${bytes * 2}}$`);
const UID = HEX(16);
const CLIENT_ID = HEX(8);
const JTI = HEX(32);

/**
 * The claims of a token this server signed with a published key and that
 * has not expired at `now` (ms), and was issued for `audience` when one is
 * given; undefined for anything else, whatever the reason, since a client
 * learns nothing useful from the difference.
 */
export async function verifyAccessToken(
  keys: OAuthKeys,
  token: string,
  now: number,
  audience?: string,
): Promise<VerifiedClaims | undefined> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, keys.keyFor, {
      algorithms: ['RS256'],
      typ: ACCESS_TOKEN_TYP,
      currentDate: new Date(now),
      requiredClaims: ['exp', 'jti', 'sub'],
      ...(audience === undefined ? {} : { audience }),
    }));
  } catch (err) {
    if (err instanceof errors.JOSEError) return undefined;
    throw err;
  }
  const { sub, client_id, scope, jti, exp } = payload;
  const generation = payload['fxa-generation'];
  if (
    typeof sub !== 'string' ||
    !UID.test(sub) ||
    typeof client_id !== 'string' ||
    !CLIENT_ID.test(client_id) ||
    typeof scope !== 'string' ||
    typeof jti !== 'string' ||
    !JTI.test(jti) ||
    typeof generation !== 'number' ||
    typeof exp !== 'number'
  ) {
    return undefined;
  }
  return { uid: sub, clientId: client_id, scope, generation, jti, expiresAt: exp };
}
