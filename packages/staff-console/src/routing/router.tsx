import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/** The console's pages. The subject id travels in history.state, never in the address (no personal data in URLs, logs or history lists). */
export type Route =
  | { page: 'subjects'; subjectId?: string }
  | { page: 'purposes' }
  | { page: 'notices' }
  | { page: 'api-keys' }
  | { page: 'webhooks' }
  | { page: 'access-log' }
  | { page: 'account' }
  | { page: 'not-found' };

/** Where the app is mounted ("/staff/" when built; Vite's BASE_URL). */
const BASE = (import.meta.env.BASE_URL || '/').replace(/\/?$/, '/');

const PATHS: Record<Exclude<Route['page'], 'not-found'>, string> = {
  subjects: '',
  purposes: 'purposes',
  notices: 'notices',
  'api-keys': 'api-keys',
  webhooks: 'webhooks',
  'access-log': 'access-log',
  account: 'account',
};

/** The address of a page. */
export function hrefOf(route: Route): string {
  return route.page === 'not-found' ? BASE : BASE + PATHS[route.page];
}

interface HistoryState {
  subjectId?: string;
}

/** Reads the route from a path and the history entry's state. */
export function parseRoute(pathname: string, state: unknown): Route {
  const rest = (
    pathname.startsWith(BASE)
      ? pathname.slice(BASE.length)
      : pathname === BASE.slice(0, -1)
        ? ''
        : pathname.replace(/^\//, '')
  ).replace(/\/+$/, '');
  const page = (Object.keys(PATHS) as (keyof typeof PATHS)[]).find((name) => PATHS[name] === rest);
  if (!page) return { page: 'not-found' };
  if (page === 'subjects') {
    const subjectId = (state as HistoryState | null)?.subjectId;
    return typeof subjectId === 'string' && subjectId !== '' ? { page, subjectId } : { page };
  }
  return { page };
}

const CHANGE = 'staff-console:navigate';
let focusPending = false;

/** Goes to a page (a new history entry), and moves focus to its heading once it renders. */
export function navigate(route: Route, options: { replace?: boolean } = {}): void {
  const state: HistoryState = route.page === 'subjects' && route.subjectId ? { subjectId: route.subjectId } : {};
  if (options.replace) window.history.replaceState(state, '', hrefOf(route));
  else window.history.pushState(state, '', hrefOf(route));
  focusPending = true;
  window.dispatchEvent(new Event(CHANGE));
}

/** Asks the next page to render to focus its heading (e.g. after signing in, when the form that had focus is gone). */
export function requestHeadingFocus(): void {
  focusPending = true;
}

/** True once after a navigation: the page layout then focuses its h1. */
export function takeFocusRequest(): boolean {
  const pending = focusPending;
  focusPending = false;
  return pending;
}

function subscribe(onChange: () => void): () => void {
  const onPop = () => {
    focusPending = true;
    onChange();
  };
  window.addEventListener('popstate', onPop);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onPop);
    window.removeEventListener(CHANGE, onChange);
  };
}

let cached: { key: string; route: Route } | null = null;

function snapshot(): Route {
  const subjectId = (window.history.state as HistoryState | null)?.subjectId ?? '';
  const key = `${window.location.pathname}\u0000${subjectId}`;
  if (cached?.key !== key) cached = { key, route: parseRoute(window.location.pathname, window.history.state) };
  return cached.route;
}

/** The current route; re-renders on navigation and back/forward. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

/** An ordinary link (keyboard, middle click, "open in new tab" all work) that navigates in place on a plain click. */
export function Link({ to, children, ...rest }: { to: Route } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'>) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(event);
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a {...rest} href={hrefOf(to)} onClick={onClick}>
      {children}
    </a>
  );
}
