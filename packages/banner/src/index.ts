import { AssentBanner } from './assent-banner';

export { AssentBanner, type AssentConsentDetail, type AssentErrorDetail } from './assent-banner';
export type { Decisions, ConsentModeState } from './choices';
export type { ConsentModeSignal } from './api';

// Defined on load; a second copy of the script on the same page leaves the first one in charge.
if (!customElements.get('assent-banner')) customElements.define('assent-banner', AssentBanner);
