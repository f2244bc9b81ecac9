/**
 * The visitor token of an anonymous visitor, kept in localStorage under a key per
 * Assent origin (two banners pointing at different servers never share one).
 * Storage can be missing or throw (privacy modes, sandboxed frames): then the
 * visitor simply gets a new session next time.
 */

interface StoredToken {
  token: string;
  expiresAt: string;
}

/** The localStorage key for the visitor token of the Assent server at `api`. */
export function visitorTokenKey(api: string): string {
  return `assent:visitor:${new URL(api, document.baseURI).origin}`;
}

/** The stored visitor token, unless it is missing, unreadable or expired. */
export function readVisitorToken(api: string): string | null {
  try {
    const stored = JSON.parse(localStorage.getItem(visitorTokenKey(api)) ?? 'null') as StoredToken | null;
    if (!stored || typeof stored.token !== 'string') return null;
    if (Date.parse(stored.expiresAt) <= Date.now()) return null;
    return stored.token;
  } catch {
    return null;
  }
}

/** Keeps the visitor token for the next visit. */
export function writeVisitorToken(api: string, value: StoredToken): void {
  try {
    localStorage.setItem(visitorTokenKey(api), JSON.stringify({ token: value.token, expiresAt: value.expiresAt }));
  } catch {
    // Without storage the banner still works for this page view.
  }
}

/** Forgets a visitor token the server no longer accepts. */
export function clearVisitorToken(api: string): void {
  try {
    localStorage.removeItem(visitorTokenKey(api));
  } catch {
    // Nothing stored, nothing to forget.
  }
}
