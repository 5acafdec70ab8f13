// The OAuth part of the Store: authorization codes, refresh tokens and
// access tokens. Filled in by the OAuth work; see store.ts for the
// conventions every part follows.

export interface OAuthStore {}
