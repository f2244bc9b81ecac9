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
