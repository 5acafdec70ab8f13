// The profile server's endpoint Firefox calls (firefox.md §3.3): GET
// <profile.uri>/profile with `Authorization: Bearer <access token>`. Each
// field needs its own scope, as FxA's profile server has it; `profile`
// covers them all, and a token with none of them is refused with errno 163.
// The settings page writes the display name with POST <profile.uri>/display_name
// and a token for `profile:display_name:write` (or `profile:write`).
//
// Answers carry an ETag; Firefox sends it back in If-None-Match and takes
// 304 to mean its cached profile is current. A missing, invalid, expired or
// revoked token is 401 errno 110, on which Firefox fetches a fresh token and
// retries once.
import { hash } from 'node:crypto';
import Joi from 'joi';
import type { Request, ResponseToolkit } from '@hapi/hapi';
import type { Deps } from '../deps.js';
import type { ProfileRecord } from '../db/profiles.js';
import { error } from '../errors.js';
import { oauthGrants } from '../oauth/grants.js';
import { covers } from '../oauth/scopes.js';

type Field = 'uid' | 'email' | 'locale' | 'displayName' | 'avatar' | 'avatarDefault';

const FIELD_SCOPES: Record<Field, string> = {
  uid: 'profile:uid',
  email: 'profile:email',
  locale: 'profile:locale',
  displayName: 'profile:display_name',
  avatar: 'profile:avatar',
  avatarDefault: 'profile:avatar',
};

const BEARER = /^Bearer +(\S+)$/i;

// Liberal, as FxA's profile server is, but a name is shown on other people's
// screens too: no control characters, no line or paragraph breaks, no
// private-use or surrogate code points, no bidi overrides that would turn
// the text around it, and none of the Specials (U+FFF9-FFFF).
const DISPLAY_NAME = /^[^\p{Cc}\p{Cs}\p{Co}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069\uFFF9-\uFFFF]*$/u;

export const profileSchemas = {
  displayName: Joi.object({
    displayName: Joi.string().max(256).allow('').pattern(DISPLAY_NAME).required(),
  }),
};

const WRITE_DISPLAY_NAME = 'profile:display_name:write';

// A neutral head and shoulders, so the default avatar URL this server
// advertises resolves to an image.
const DEFAULT_AVATAR =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">' +
  '<rect width="100" height="100" fill="#d7d7db"/>' +
  '<circle cx="50" cy="38" r="18" fill="#737373"/>' +
  '<path d="M16 92c4-20 18-30 34-30s30 10 34 30z" fill="#737373"/></svg>';

// Which fields a token reaches depends on its scope string alone, and a
// server sees a handful of distinct ones (one per kind of client), so the
// answer is kept by that string: working it out on every read (six fields
// against each scope) cost several µs of a read of about 130.
const FIELDS_KEPT = 64;
const fieldsByScope = new Map<string, readonly Field[]>();

function fieldsFor(scope: string, scopes: readonly string[]): readonly Field[] {
  const known = fieldsByScope.get(scope);
  if (known !== undefined) return known;
  const fields = (Object.keys(FIELD_SCOPES) as Field[]).filter((f) =>
    scopes.some((s) => covers(s, FIELD_SCOPES[f])),
  );
  if (fieldsByScope.size >= FIELDS_KEPT) fieldsByScope.clear();
  fieldsByScope.set(scope, fields);
  return fields;
}

export function profileHandlers(d: Pick<Deps, 'config' | 'store' | 'oauthKeys' | 'clock'>) {
  const grants = oauthGrants(d);

  /** The access token the request carries; 110 when it is missing or malformed. */
  function bearerOf(request: Request): string {
    const header = request.headers.authorization as string | undefined;
    const bearer = header === undefined ? undefined : BEARER.exec(header)?.[1];
    if (bearer === undefined) throw error.invalidToken('Missing or malformed bearer token');
    return bearer;
  }

  /** The verified access token the request carries; 110 when it is missing or no good. */
  const bearerToken = (request: Request) => grants.verify(bearerOf(request));

  function values(account: ProfileRecord): Record<Field, unknown> {
    return {
      uid: account.uid.toString('hex'),
      email: account.email,
      locale: account.locale,
      displayName: account.displayName,
      avatar: d.config.profile.defaultAvatarUrl,
      avatarDefault: true,
    };
  }

  async function profile(request: Request, h: ResponseToolkit) {
    const bearer = bearerOf(request);
    // The token's row, the account and its display name in one read.
    const token = await grants.verifyReading(bearer, (jti) => d.store.profiles.forAccessToken(jti));
    const fields = fieldsFor(token.row.scope, token.scopes);
    if (fields.length === 0) throw error.invalidScopes('profile');
    const account = token.row.profile;
    request.app.uid = account.uid.toString('hex');

    const all = values(account);
    const body: Partial<Record<Field, unknown>> = {};
    for (const f of fields) body[f] = all[f];
    const etag = hash('sha256', JSON.stringify(body), 'hex').slice(0, 40);
    // hapi answers 304 itself when If-None-Match carries this ETag.
    const unchanged = h.entity({ etag });
    if (unchanged) return unchanged;
    return h.response(body).header('Cache-Control', 'private, no-cache');
  }

  async function displayName(request: Request) {
    const token = await bearerToken(request);
    if (!token.scopes.some((s) => covers(s, WRITE_DISPLAY_NAME))) {
      throw error.invalidScopes(WRITE_DISPLAY_NAME);
    }
    const { displayName: name } = request.payload as { displayName: string };
    request.app.uid = token.uid.toString('hex');
    // An empty name clears it: the profile then reports none.
    if (!(await d.store.profiles.setDisplayName(token.uid, name === '' ? null : name))) {
      throw error.invalidToken('Invalid token');
    }
    return {};
  }

  function defaultAvatar(_request: Request, h: ResponseToolkit) {
    return h
      .response(DEFAULT_AVATAR)
      .type('image/svg+xml')
      .header('Cache-Control', 'public, max-age=86400');
  }

  return { profile, displayName, defaultAvatar };
}
