// Client-side navigation between pages without a reload: the path picks
// the page (routes.tsx), the query string carries what Firefox sent and is
// kept when moving on unless the caller gives a new one.
import { useEffect, useState } from 'preact/hooks';

const CHANGE = 'fxa:navigate';

export function navigate(path: string, opts: { query?: string; replace?: boolean } = {}): void {
  const query = opts.query ?? location.search;
  const url = `${path}${query && !query.startsWith('?') ? '?' : ''}${query}`;
  if (opts.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  window.dispatchEvent(new Event(CHANGE));
}

/** The current path, re-rendering on navigate() and on the back button. */
export function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const update = () => setPath(location.pathname);
    window.addEventListener(CHANGE, update);
    window.addEventListener('popstate', update);
    // A child's effect runs before this one and may have navigated already.
    update();
    return () => {
      window.removeEventListener(CHANGE, update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return path;
}

/** The query parameters of the current URL. */
export function query(): URLSearchParams {
  return new URLSearchParams(location.search);
}
