import { CONSENT_MODE_SIGNALS, type ConsentModeState } from './choices';

type Gtag = (...args: unknown[]) => void;
type TagWindow = { gtag?: unknown; dataLayer?: unknown };

/**
 * The page's gtag, or one that pushes to its dataLayer the way Google's snippet
 * does (an `arguments` object, which gtag.js and Tag Manager read as a command);
 * null when the page has neither, so nothing is added to pages without Google tags.
 */
function pageGtag(): Gtag | null {
  const page = window as TagWindow;
  if (typeof page.gtag === 'function') return page.gtag as Gtag;
  const dataLayer = page.dataLayer;
  if (!Array.isArray(dataLayer)) return null;
  return function gtag() {
    // eslint-disable-next-line prefer-rest-params -- gtag.js only reads Arguments objects as commands.
    dataLayer.push(arguments);
  };
}

/** Consent Mode v2 default: everything denied until the visitor's decisions are known. */
export function consentModeDefault(): void {
  const gtag = pageGtag();
  if (!gtag) return;
  const denied: Record<string, unknown> = {};
  for (const signal of CONSENT_MODE_SIGNALS) denied[signal] = 'denied';
  // Tags loaded meanwhile wait this long for the update that follows the banner's one request.
  denied.wait_for_update = 500;
  gtag('consent', 'default', denied);
}

/** Consent Mode v2 update once the decisions are known, and after every choice. */
export function consentModeUpdate(state: ConsentModeState): void {
  pageGtag()?.('consent', 'update', { ...state });
}
