/** sessionStorage key: the token lives as long as the tab, never in localStorage. */
export const SUBJECT_TOKEN_KEY = 'assent.subjectToken';

/**
 * Takes `#token=…` from the address, keeps it in sessionStorage and removes it
 * from the address bar (so it is not bookmarked, shared or kept in history).
 * Returns the token to use: the one just captured, else the one kept earlier.
 */
export function captureSubjectToken(win: Window = window): string | null {
  const { location, history, sessionStorage } = win;
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromFragment = fragment.get('token');
  if (fromFragment !== null) {
    fragment.delete('token');
    const rest = fragment.toString();
    history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
    if (fromFragment.trim()) {
      storeToken(sessionStorage, fromFragment.trim());
      return fromFragment.trim();
    }
  }
  return readToken(sessionStorage);
}

function storeToken(storage: Storage, token: string): void {
  try {
    storage.setItem(SUBJECT_TOKEN_KEY, token);
  } catch {
    // Storage can be disabled (private mode, policy); the token still works for this page view.
  }
}

function readToken(storage: Storage): string | null {
  try {
    return storage.getItem(SUBJECT_TOKEN_KEY);
  } catch {
    return null;
  }
}
