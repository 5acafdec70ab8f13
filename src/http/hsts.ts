// The Strict-Transport-Security header, from the `http.hsts` settings. Left
// to itself (HSTS unset) it is sent when the public URL is https and never
// over plain http, where a loopback or LAN setup must stay reachable.
// includeSubDomains is off by default: a self-hoster's domain usually has
// other hosts (a router page, a NAS, a test box) that would otherwise be
// forced onto https for as long as max-age lasts.

/** The `http.hsts` settings (config-schema.ts). */
export interface HstsSettings {
  enabled: boolean | null;
  maxAgeSec: number;
  includeSubDomains: boolean;
  preload: boolean;
}

/** What hapi's `routes.security.hsts` takes. */
export type HstsOption = false | { maxAge: number; includeSubDomains: boolean; preload: boolean };

// hstspreload.org accepts a host only with includeSubDomains and a max-age
// of at least a year; a preload flag without them would never be honoured.
const PRELOAD_MIN_AGE_SEC = 31_536_000;

/** Throws, naming the setting to change, on settings no browser would honour. */
export function hstsOption(settings: HstsSettings, publicUrl: string): HstsOption {
  const on = settings.enabled ?? publicUrl.startsWith('https:');
  if (!on) return false;
  if (settings.preload && !settings.includeSubDomains) {
    throw new Error(
      'HSTS_PRELOAD needs HSTS_INCLUDE_SUBDOMAINS=true (hstspreload.org requires it)',
    );
  }
  if (settings.preload && settings.maxAgeSec < PRELOAD_MIN_AGE_SEC) {
    throw new Error(`HSTS_PRELOAD needs HSTS_MAX_AGE_SEC of at least ${PRELOAD_MIN_AGE_SEC}`);
  }
  return {
    maxAge: settings.maxAgeSec,
    includeSubDomains: settings.includeSubDomains,
    preload: settings.preload,
  };
}
