// OAuth scopes: space-separated on the wire (RFC 6749 §3.3), a list inside
// the server. One scope covers another in three ways:
//
//   - equal strings;
//   - a short name covers its colon-separated sub-scopes: `profile` covers
//     `profile:email`;
//   - a `name:*` entry (in a client's configuration) covers every sub-scope
//     of name, writes included (`profile:*` covers `profile:email`, not
//     `profile` itself);
//   - a `:write` scope covers its read scope and what that covers
//     (`profile:write` covers `profile` and `profile:email:write`), but a
//     read scope never covers a write: holding `profile:email` must not
//     buy `profile:email:write` on refresh.
//
// A wildcard is configuration, never something granted: a requested scope
// holding `*` is covered by nothing, not even by the same string, since a
// token carrying `profile:email:*` would by the rules above reach
// `profile:email:write`.
//
// URL scopes (`https://identity.mozilla.com/apps/oldsync`) cover only
// themselves: each names one set of keys, and a prefix of a URL is no
// promise about the keys of a longer one.
import Joi from 'joi';

export const OLDSYNC_SCOPE = 'https://identity.mozilla.com/apps/oldsync';

/** RFC 6749 scope-token characters: printable ASCII except space, `"` and `\`. */
export const SCOPE_STRING = /^[\x21\x23-\x5b\x5d-\x7e]+(?: +[\x21\x23-\x5b\x5d-\x7e]+)*$/;

/** A `scope` request parameter. */
export const scopeParam = () => Joi.string().max(1024).pattern(SCOPE_STRING);

/** The distinct scopes of a space-separated string, in the order given. */
export function parseScope(value: string): string[] {
  return [...new Set(value.split(' ').filter((s) => s !== ''))];
}

export function formatScope(scopes: readonly string[]): string {
  return scopes.join(' ');
}

const isUrl = (scope: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(scope);

/** Whether holding `granted` entitles a client to `wanted`. */
export function covers(granted: string, wanted: string): boolean {
  if (wanted.includes('*')) return false;
  if (granted === wanted) return true;
  if (isUrl(granted) || isUrl(wanted)) return false;
  if (granted.endsWith(':*')) return wanted.startsWith(granted.slice(0, -1));
  if (isWrite(wanted) && !isWrite(granted)) return false;
  const [g, w] = [readOf(granted), readOf(wanted)];
  return w === g || w.startsWith(`${g}:`);
}

const isWrite = (scope: string) => scope.endsWith(':write');
const readOf = (scope: string) => (isWrite(scope) ? scope.slice(0, -':write'.length) : scope);

/** The scopes of `wanted` that no scope of `granted` covers. */
export function uncovered(granted: readonly string[], wanted: readonly string[]): string[] {
  return wanted.filter((w) => !granted.some((g) => covers(g, w)));
}

/** Whether every scope of `wanted` is covered by one of `granted`. */
export function coversAll(granted: readonly string[], wanted: readonly string[]): boolean {
  return uncovered(granted, wanted).length === 0;
}
