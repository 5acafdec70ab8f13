// Firefox's own Sync and bookmarks, reached from the chrome page of a
// Firefox session (firefox.ts): Weave for syncing, Places for bookmarks.
// These are the modules Firefox's UI itself calls; the test only stands in
// for the person clicking.
import type { Firefox } from './firefox.js';
import { poll } from './firefox.js';

const WEAVE =
  "const { Weave } = ChromeUtils.importESModule('resource://services-sync/main.sys.mjs');";
const PLACES =
  "const { PlacesUtils } = ChromeUtils.importESModule('resource://gre/modules/PlacesUtils.sys.mjs');";

export interface SyncState {
  /** services.sync.lastSync: empty until a sync has finished. */
  lastSync: string;
  locked: boolean;
  /** Weave.Status.sync, e.g. success.sync. */
  status: string;
  login: string;
}

function syncState(ff: Firefox): Promise<SyncState> {
  return ff.evalChrome<SyncState>(`${WEAVE}
    return {
      lastSync: Services.prefs.getStringPref('services.sync.lastSync', ''),
      locked: Weave.Service.locked,
      status: Weave.Status.sync,
      login: Weave.Status.login,
    };`);
}

/** Waits for the sync Firefox starts by itself once signed in (firefox.md §2.3 oauth_login). */
export async function waitForFirstSync(ff: Firefox, timeoutMs = 45_000): Promise<SyncState> {
  let last: SyncState | undefined;
  return poll(
    async () => {
      last = await syncState(ff);
      return last.lastSync !== '' && !last.locked ? last : undefined;
    },
    timeoutMs,
    () => `Firefox did not finish a first sync: ${JSON.stringify(last)}`,
    250,
  );
}

/** Syncs now, as "Sync Now" does, and reports how it went. */
export async function syncNow(ff: Firefox): Promise<SyncState> {
  await ff.evalChrome(`${WEAVE} await Weave.Service.sync({ why: 'user' });`);
  return syncState(ff);
}

export interface Bookmark {
  guid: string;
  title: string;
  url: string;
  parentGuid: string;
}

/** Adds a bookmark to the toolbar, as the star button would. */
export function addBookmark(ff: Firefox, url: string, title: string): Promise<Bookmark> {
  return ff.evalChrome<Bookmark>(
    `${PLACES}
    const b = await PlacesUtils.bookmarks.insert({
      parentGuid: PlacesUtils.bookmarks.toolbarGuid, url: args.url, title: args.title,
    });
    return { guid: b.guid, title: b.title, url: b.url.href, parentGuid: b.parentGuid };`,
    { url, title },
  );
}

/** The bookmark for `url`, or null when this profile has none. */
export function findBookmark(ff: Firefox, url: string): Promise<Bookmark | null> {
  return ff.evalChrome<Bookmark | null>(
    `${PLACES}
    const b = await PlacesUtils.bookmarks.fetch({ url: args.url });
    return b && { guid: b.guid, title: b.title, url: b.url.href, parentGuid: b.parentGuid };`,
    { url },
  );
}
