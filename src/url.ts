// Secrets never travel further than the place a URL enters: `http://user:secret@host/` loses its
// user-info before it is fetched, stored, logged or printed. Shared by ingest, extract, store and CLI.

/** A parsed URL without user name and password (a new object; the argument is left alone). */
export function withoutCredentials(url: URL): URL {
  if (!url.username && !url.password) return url;
  const clean = new URL(url.href);
  clean.username = '';
  clean.password = '';
  return clean;
}

// `scheme://user:pass@` or `scheme://user@` in free text, up to the first '/', '?', '#' or space
const USERINFO_IN_TEXT = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]*@/gi;

/**
 * A URL, or any string that may contain one (an input line, an error message), with user-info removed.
 * A string that parses as a URL is re-serialized; anything else has the `user:pass@` parts cut out.
 */
export function stripCredentials(s: string): string {
  if (!s.includes('@')) return s;
  try {
    const url = new URL(s);
    if (url.username || url.password) return withoutCredentials(url).href;
  } catch {
    /* not one URL: fall through to the textual scrub */
  }
  return s.replace(USERINFO_IN_TEXT, '$1');
}

/** Whether a URL string carries a user name or password. */
export function hasCredentials(s: string): boolean {
  try {
    const url = new URL(s);
    return Boolean(url.username || url.password);
  } catch {
    return new RegExp(USERINFO_IN_TEXT.source, 'i').test(s);
  }
}
