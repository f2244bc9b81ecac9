/** sessionStorage key of the pasted API key: gone when the tab closes, never in localStorage or a cookie. */
export const API_KEY_STORAGE_KEY = 'assent.staff.apiKey';

/** The API key this tab signed in with, if any. */
export function readStoredApiKey(): string | null {
  try {
    return sessionStorage.getItem(API_KEY_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Keeps the key for this tab only. */
export function storeApiKey(apiKey: string): void {
  try {
    sessionStorage.setItem(API_KEY_STORAGE_KEY, apiKey);
  } catch {
    // Without storage the key lives in memory until reload, which is the safe side.
  }
}

/** Forgets the key (sign out). */
export function clearStoredApiKey(): void {
  try {
    sessionStorage.removeItem(API_KEY_STORAGE_KEY);
  } catch {
    // Nothing stored, nothing to forget.
  }
}

/**
 * The CSRF token of this tab's staff session (GET /staff/session gives it): kept in memory only, sent as X-CSRF-Token
 * with every request to /staff/graphql. The session itself is an HttpOnly cookie the page cannot read.
 */
let csrfToken: string | null = null;

/** Keeps (or forgets, with null) the session's CSRF token. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Where the console's GraphQL calls go: /graphql with a pasted API key, /staff/graphql with a staff session. */
export function graphqlEndpoint(): string {
  return readStoredApiKey() ? '/graphql' : '/staff/graphql';
}

/** The headers a staff session's calls carry (the CSRF token); none with an API key. */
export function sessionHeaders(): Record<string, string> {
  return !readStoredApiKey() && csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}
