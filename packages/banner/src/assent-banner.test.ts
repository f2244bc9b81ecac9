import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import './index';
import type { AssentBanner } from './assent-banner';
import { bannerIntro, bannerState, fakeAssent, graphqlError, recordChoicesAnswer } from './test/fake-api';

const API = 'https://assent.example';
const VISITOR_KEY = 'assent:visitor:https://assent.example';

type TagWindow = Window & { gtag?: unknown; dataLayer?: unknown[] };

let consoleError: ReturnType<typeof vi.spyOn>;

beforeEach(() => {
  consoleError = vi.spyOn(console, 'error');
});

afterEach(() => {
  document.body.replaceChildren();
  localStorage.clear();
  delete (window as TagWindow).gtag;
  delete (window as TagWindow).dataLayer;
  delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
  const calls = consoleError.mock.calls;
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  expect(calls, 'console.error was called').toEqual([]);
});

/**
 * The open banner's top 240 px down a 640 px window (so 400 px tall): a ResizeObserver that calls back when observing
 * starts, as browsers do, and again on `resize()` (the last one made).
 */
function bannerFromTop240(): { resize: () => void } {
  let resized: (() => void) | undefined;
  vi.stubGlobal(
    'ResizeObserver',
    class {
      constructor(private readonly callback: () => void) {
        resized = callback;
      }
      observe() {
        this.callback();
      }
      disconnect() {}
    },
  );
  vi.spyOn(window, 'innerHeight', 'get').mockReturnValue(640);
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockReturnValue({ top: 240 } as DOMRect);
  return { resize: () => resized?.() };
}

function mount(attributes: Record<string, string> = { api: API, token: 'subject-token' }): AssentBanner {
  const element = document.createElement('assent-banner');
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  document.body.append(element);
  return element;
}

function region(element: AssentBanner): HTMLElement | null {
  return element.shadowRoot!.querySelector('[role="region"]');
}

/** The button whose accessible name (aria-label, else text) is `name`. */
function button(element: AssentBanner, name: string): HTMLButtonElement {
  const found = [...element.shadowRoot!.querySelectorAll('button')].find(
    (item) => (item.getAttribute('aria-label') ?? item.textContent) === name,
  );
  if (!found) throw new Error(`no button "${name}"`);
  return found;
}

function switches(element: AssentBanner): HTMLElement[] {
  return [...element.shadowRoot!.querySelectorAll<HTMLElement>('[role="switch"]')];
}

function switchFor(element: AssentBanner, purposeKey: string): HTMLElement {
  return element.shadowRoot!.querySelector<HTMLElement>(`[role="switch"][data-purpose="${purposeKey}"]`)!;
}

async function opened(element: AssentBanner): Promise<HTMLElement> {
  await vi.waitFor(() => expect(region(element)).not.toBeNull());
  return region(element)!;
}

async function closed(element: AssentBanner): Promise<void> {
  await vi.waitFor(() => {
    expect(region(element)).toBeNull();
    button(element, 'Privacy choices');
  });
}

function recordedInputs(sent: { operationName: string; variables: Record<string, unknown> }[]) {
  return sent.filter((request) => request.operationName === 'RecordChoices').map((request) => request.variables.input);
}

describe('<assent-banner>', () => {
  describe('loading', () => {
    it('a new visitor: the first paint needs one public request; the visitor session starts with the first choice, its token kept per API origin', async () => {
      const { sent, operations } = fakeAssent({
        BannerIntro: () => bannerIntro(),
        StartVisitorSession: () => ({
          data: { startVisitorSession: { token: 'visitor-token-1', expiresAt: '2099-01-01T00:00:00.000Z' } },
        }),
        RecordChoices: recordChoicesAnswer,
      });

      const element = mount({ api: API });
      await opened(element);

      expect(operations()).toEqual(['BannerIntro']);
      expect(sent[0]!.authorization).toBeNull();
      expect(sent[0]!.query).toMatch(/currentNotice\(locale: \$locale\)/);
      expect(sent[0]!.query).toMatch(/purposes\(locale: \$locale\)/);
      expect(sent[0]!.query).toMatch(/consentMode/);
      expect(localStorage.getItem(VISITOR_KEY)).toBeNull();
      // Every active consent purpose, unticked; the retired one is not offered.
      button(element, 'Choose').click();
      expect(switches(element).map((item) => item.dataset.purpose)).toEqual(['analytics', 'ad-partners', 'newsletter']);
      button(element, 'Reject all').click();
      await closed(element);

      expect(operations()).toEqual(['BannerIntro', 'StartVisitorSession', 'RecordChoices']);
      expect(sent[1]!.authorization).toBeNull();
      expect(sent[2]!.authorization).toBe('Bearer visitor-token-1');
      expect(JSON.parse(localStorage.getItem(VISITOR_KEY)!)).toEqual({
        token: 'visitor-token-1',
        expiresAt: '2099-01-01T00:00:00.000Z',
      });
      for (const request of sent) {
        expect(request.url).toBe('https://assent.example/graphql');
        expect(request.credentials).toBe('omit');
      }
      expect(element.decisions).toEqual({ analytics: false, 'ad-partners': false, newsletter: false, orders: true });
    });

    it('a new visitor with Global Privacy Control: the session starts at once and applyGpc records the signal before the banner shows', async () => {
      const { sent, operations } = fakeAssent({
        BannerIntro: () => bannerIntro({ gpcSignal: true }),
        StartVisitorSession: () => ({
          data: { startVisitorSession: { token: 'visitor-token-1', expiresAt: '2099-01-01T00:00:00.000Z' } },
        }),
        ApplyGpc: () => ({ data: { applyGpc: [{ id: 'g1', purposeKey: 'ad-partners', action: 'REFUSE' }] } }),
      });

      const banner = await opened(mount({ api: API }));

      expect(operations()).toEqual(['BannerIntro', 'StartVisitorSession', 'ApplyGpc']);
      expect(sent[2]!).toMatchObject({ authorization: 'Bearer visitor-token-1', variables: { signal: 'Sec-GPC' } });
      expect(banner.textContent).toContain('Your browser asked us not to sell or share your data');
    });

    it('a returning visitor reuses the stored token: the first paint needs exactly one request', async () => {
      localStorage.setItem(
        VISITOR_KEY,
        JSON.stringify({ token: 'visitor-token-1', expiresAt: '2099-01-01T00:00:00.000Z' }),
      );
      const { sent, operations } = fakeAssent({ BannerState: () => bannerState({ needsPrompt: false }) });

      const element = mount({ api: API });
      await closed(element);

      expect(operations()).toEqual(['BannerState']);
      expect(sent[0]!.authorization).toBe('Bearer visitor-token-1');
    });

    it('a stored visitor token the server no longer accepts is forgotten: a new visitor, a new session with the first choice', async () => {
      localStorage.setItem(VISITOR_KEY, JSON.stringify({ token: 'revoked', expiresAt: '2099-01-01T00:00:00.000Z' }));
      const { operations } = fakeAssent({
        BannerIntro: () => bannerIntro(),
        RecordChoices: recordChoicesAnswer,
        StartVisitorSession: () => ({
          data: { startVisitorSession: { token: 'visitor-token-2', expiresAt: '2099-01-01T00:00:00.000Z' } },
        }),
        BannerState: (_variables, authorization) =>
          authorization === 'Bearer revoked' ? graphqlError('UNAUTHENTICATED') : bannerState(),
      });

      const element = mount({ api: API });
      await opened(element);

      expect(operations()).toEqual(['BannerState', 'BannerIntro']);
      expect(localStorage.getItem(VISITOR_KEY)).toBeNull();
      button(element, 'Accept all').click();
      await closed(element);
      expect(operations()).toEqual(['BannerState', 'BannerIntro', 'StartVisitorSession', 'RecordChoices']);
      expect(JSON.parse(localStorage.getItem(VISITOR_KEY)!).token).toBe('visitor-token-2');
    });

    it('with a token attribute it uses that token and never starts a visitor session', async () => {
      const { sent, operations } = fakeAssent({ BannerState: () => bannerState() });

      const element = mount({ api: API, token: 'subject-token', locale: 'de' });
      await opened(element);

      expect(operations()).toEqual(['BannerState']);
      expect(sent[0]!.authorization).toBe('Bearer subject-token');
      expect(sent[0]!.variables).toEqual({ locale: 'de' });
      expect(localStorage.getItem(VISITOR_KEY)).toBeNull();
    });
  });

  describe('when it shows', () => {
    it('shows the first layer while needsPrompt is true: the notice summary and three equal buttons, focus inside', async () => {
      fakeAssent({ BannerState: () => bannerState() });

      const element = mount();
      const banner = await opened(element);

      expect(banner.getAttribute('aria-label')).toBe('Privacy choices');
      expect(banner.textContent).toContain('We use your data to run the shop');
      const accept = button(element, 'Accept all');
      const reject = button(element, 'Reject all');
      // Equally prominent: same element, same class, no inline styling.
      expect(reject.className).toBe(accept.className);
      expect(reject.parentElement).toBe(accept.parentElement);
      expect(accept.getAttribute('style')).toBeNull();
      expect(reject.getAttribute('style')).toBeNull();
      expect(element.shadowRoot!.activeElement?.tagName).toBe('H2');
      expect(switches(element)).toHaveLength(0);
    });

    it("speaks the notice's language when it knows it, and marks the notice text with its language", async () => {
      const french = bannerState();
      french.data.currentNotice = {
        ...french.data.currentNotice,
        locale: 'fr-CA',
        summary: 'Nous utilisons vos données pour faire fonctionner la boutique.',
      };
      fakeAssent({ BannerState: () => french });

      const element = mount({ api: API, token: 'subject-token', locale: 'fr-CA' });
      const banner = await opened(element);

      expect(banner.getAttribute('aria-label')).toBe('Choix de confidentialité');
      expect(button(element, 'Tout refuser').className).toBe(button(element, 'Tout accepter').className);
      expect(banner.closest('[lang]')?.getAttribute('lang')).toBe('fr');
      expect(banner.querySelector('p[lang="fr-CA"]')?.textContent).toBe(
        'Nous utilisons vos données pour faire fonctionner la boutique.',
      );
    });

    it("lists the notice's languages by their own names; choosing one loads the notice in it and records that language", async () => {
      const { sent } = fakeAssent({
        BannerState: (variables) => {
          const answer = bannerState();
          const locale = variables.locale === 'de' ? 'de' : 'en';
          answer.data.currentNotice = {
            ...answer.data.currentNotice,
            locale,
            availableLocales: ['en', 'de', 'fr'],
            summary: locale === 'de' ? 'Wir nutzen Ihre Daten für den Shop.' : answer.data.currentNotice.summary,
          };
          return answer;
        },
        RecordChoices: recordChoicesAnswer,
      });

      const element = mount({ api: API, token: 'subject-token', locale: 'en' });
      await opened(element);
      const select = element.shadowRoot!.querySelector<HTMLSelectElement>('select[aria-label="Language"]')!;
      expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([
        ['en', 'English'],
        ['de', 'Deutsch'],
        ['fr', 'français'],
      ]);
      expect(select.value).toBe('en');
      select.value = 'de';
      select.dispatchEvent(new Event('change'));
      await vi.waitFor(() => expect(region(element)?.textContent).toContain('Wir nutzen Ihre Daten für den Shop.'));
      expect(sent.at(-1)!.variables).toEqual({ locale: 'de' });
      expect(element.shadowRoot!.querySelector<HTMLSelectElement>('select[aria-label="Sprache"]')!.value).toBe('de');
      button(element, 'Alle ablehnen').click();
      await vi.waitFor(() => expect(region(element)).toBeNull());
      expect(recordedInputs(sent)).toEqual([expect.objectContaining({ locale: 'de' })]);
    });

    it('a new language keeps an open banner where it was: the choices and their switches stay, focus stays on the select', async () => {
      fakeAssent({
        BannerState: (variables) => {
          const answer = bannerState();
          const locale = variables.locale === 'de' ? 'de' : 'en';
          answer.data.currentNotice = { ...answer.data.currentNotice, locale, availableLocales: ['en', 'de', 'fr'] };
          return answer;
        },
      });
      const element = mount({ api: API, token: 'subject-token', locale: 'en' });
      await opened(element);
      button(element, 'Choose').click();
      await vi.waitFor(() => expect(switches(element).length).toBeGreaterThan(1));
      switchFor(element, 'analytics').click();
      const select = element.shadowRoot!.querySelector<HTMLSelectElement>('select')!;
      select.focus();
      select.value = 'de';
      select.dispatchEvent(new Event('change'));
      await vi.waitFor(() =>
        expect(element.shadowRoot!.querySelector('select')!.getAttribute('aria-label')).toBe('Sprache'),
      );
      expect(region(element)).not.toBeNull();
      expect(button(element, 'Auswahl speichern')).toBeTruthy();
      expect(switchFor(element, 'analytics').getAttribute('aria-checked')).toBe('true');
      expect(element.shadowRoot!.activeElement).toBe(element.shadowRoot!.querySelector('select'));
      // happy-dom keeps a stale active element when a focused node is removed with its host: let go of it first.
      element.shadowRoot!.querySelector('select')!.blur();
    });

    it('keeps the page clear of the open banner: room at the foot of the page while it is open, the page as it was after', async () => {
      bannerFromTop240();
      document.body.style.paddingBottom = '3px';
      fakeAssent({ BannerState: () => bannerState(), RecordChoices: recordChoicesAnswer });
      const element = mount();
      await opened(element);
      // Added to the page's own padding, not in place of it.
      expect(document.body.style.paddingBottom).toBe('403px');
      expect(document.documentElement.style.scrollPaddingBottom).toBe('400px');
      button(element, 'Reject all').click();
      await closed(element);
      expect(document.body.style.paddingBottom).toBe('3px');
      expect(document.documentElement.style.scrollPaddingBottom).toBe('');
      document.body.style.paddingBottom = '';
    });

    it("adds its room to padding the page's stylesheet sets, and leaves the stylesheet's value in force after", async () => {
      bannerFromTop240();
      const sheet = document.createElement('style');
      sheet.textContent = 'body { padding-bottom: 56px } html { scroll-padding-bottom: 8px }';
      document.head.append(sheet);
      try {
        fakeAssent({ BannerState: () => bannerState(), RecordChoices: recordChoicesAnswer });
        const element = mount();
        await opened(element);
        expect(document.body.style.paddingBottom).toBe('456px');
        expect(document.documentElement.style.scrollPaddingBottom).toBe('408px');
        button(element, 'Reject all').click();
        await closed(element);
        expect(document.body.style.paddingBottom).toBe('');
        expect(getComputedStyle(document.body).paddingBottom).toBe('56px');
      } finally {
        sheet.remove();
      }
    });

    it("follows the page's padding when it changes while the banner is open (a media query), as the banner resizes", async () => {
      const { resize } = bannerFromTop240();
      const sheet = document.createElement('style');
      sheet.textContent = 'body { padding-bottom: 56px }';
      document.head.append(sheet);
      try {
        fakeAssent({ BannerState: () => bannerState(), RecordChoices: recordChoicesAnswer });
        const element = mount();
        await opened(element);
        expect(document.body.style.paddingBottom).toBe('456px');
        // The window narrows: the site's layout for small screens has no footer room, and the banner resizes.
        sheet.textContent = 'body { padding-bottom: 0px }';
        resize();
        expect(document.body.style.paddingBottom).toBe('400px');
        button(element, 'Reject all').click();
        await closed(element);
        expect(document.body.style.paddingBottom).toBe('');
      } finally {
        sheet.remove();
      }
    });

    it('two banners on one page share the room: it stays while either is open, and the page is as it was after both', async () => {
      bannerFromTop240();
      fakeAssent({ BannerState: () => bannerState(), RecordChoices: recordChoicesAnswer });
      // The visitor types in the page, so neither banner takes focus (happy-dom cannot follow focus across two shadow
      // roots).
      const field = document.createElement('input');
      document.body.append(field);
      field.focus();
      const first = mount();
      const second = mount();
      await opened(first);
      await opened(second);
      expect(document.body.style.paddingBottom).toBe('400px');
      button(first, 'Reject all').click();
      await closed(first);
      expect(document.body.style.paddingBottom).toBe('400px');
      second.remove();
      expect(document.body.style.paddingBottom).toBe('');
      expect(document.documentElement.style.scrollPaddingBottom).toBe('');
    });

    it('shows no language switcher for a notice in one language', async () => {
      fakeAssent({ BannerState: () => bannerState() });
      const element = mount();
      await opened(element);
      expect(element.shadowRoot!.querySelector('select')).toBeNull();
    });

    it('falls back to English words for a language it does not know', async () => {
      const finnish = bannerState();
      finnish.data.currentNotice = { ...finnish.data.currentNotice, locale: 'fi' };
      fakeAssent({ BannerState: () => finnish });

      const element = mount();
      await opened(element);

      button(element, 'Accept all');
      expect(region(element)!.closest('[lang]')?.getAttribute('lang')).toBe('en');
    });

    it('stays hidden when needsPrompt is false and offers only the "Privacy choices" button', async () => {
      fakeAssent({ BannerState: () => bannerState({ needsPrompt: false, statuses: { analytics: 'GRANTED' } }) });

      const element = mount();
      await closed(element);

      expect(element.shadowRoot!.querySelectorAll('button')).toHaveLength(1);
    });

    it('closing without choosing records nothing, and the banner is back on the next visit', async () => {
      const { operations } = fakeAssent({ BannerState: () => bannerState() });

      const first = mount();
      await opened(first);
      button(first, 'Close without choosing').click();
      await closed(first);
      first.remove();
      const second = mount();
      await opened(second);

      expect(operations()).toEqual(['BannerState', 'BannerState']);
    });
  });

  describe('choices', () => {
    it('"Reject all" sends one recordChoices refusing every consent purpose under the notice shown', async () => {
      const { sent } = fakeAssent({ BannerState: () => bannerState(), RecordChoices: recordChoicesAnswer });

      const element = mount();
      await opened(element);
      button(element, 'Reject all').click();
      await closed(element);

      expect(recordedInputs(sent)).toEqual([
        {
          channel: 'WEB',
          method: 'banner/reject-all',
          noticeVersionId: 'notice-3',
          locale: 'en',
          choices: [
            { purposeKey: 'analytics', action: 'REFUSE' },
            { purposeKey: 'ad-partners', action: 'REFUSE' },
            { purposeKey: 'newsletter', action: 'REFUSE' },
          ],
        },
      ]);
      expect(sent.at(-1)!.authorization).toBe('Bearer subject-token');
      expect(element.decisions).toEqual({ analytics: false, 'ad-partners': false, newsletter: false, orders: true });
    });

    it('"Accept all" sends one recordChoices granting every consent purpose', async () => {
      const { sent } = fakeAssent({ BannerState: () => bannerState(), RecordChoices: recordChoicesAnswer });

      const element = mount();
      await opened(element);
      button(element, 'Accept all').click();
      await closed(element);

      expect(recordedInputs(sent)).toEqual([
        expect.objectContaining({
          method: 'banner/accept-all',
          choices: [
            { purposeKey: 'analytics', action: 'GRANT' },
            { purposeKey: 'ad-partners', action: 'GRANT' },
            { purposeKey: 'newsletter', action: 'GRANT' },
          ],
        }),
      ]);
      expect(element.decisions).toEqual({ analytics: true, 'ad-partners': true, newsletter: true, orders: true });
    });

    it('"Choose" shows one unticked switch per consent purpose; "Save choices" sends exactly the switches', async () => {
      const { sent } = fakeAssent({ BannerState: () => bannerState(), RecordChoices: recordChoicesAnswer });

      const element = mount();
      await opened(element);
      button(element, 'Choose').click();

      expect(switches(element).map((item) => item.dataset.purpose)).toEqual(['analytics', 'ad-partners', 'newsletter']);
      expect(switches(element).map((item) => item.getAttribute('aria-checked'))).toEqual(['false', 'false', 'false']);
      expect(element.shadowRoot!.querySelector('label[for="purpose-analytics"]')?.textContent).toBe(
        'Product analytics',
      );
      expect(element.shadowRoot!.getElementById('purpose-analytics-text')?.textContent).toBe(
        'What product analytics means.',
      );
      switchFor(element, 'analytics').click();
      expect(switchFor(element, 'analytics').getAttribute('aria-checked')).toBe('true');
      button(element, 'Save choices').click();
      await closed(element);

      expect(recordedInputs(sent)).toEqual([
        {
          channel: 'WEB',
          method: 'banner/save',
          noticeVersionId: 'notice-3',
          locale: 'en',
          choices: [
            { purposeKey: 'analytics', action: 'GRANT' },
            { purposeKey: 'ad-partners', action: 'REFUSE' },
            { purposeKey: 'newsletter', action: 'REFUSE' },
          ],
        },
      ]);
    });

    it('a grant a changed notice asks about again starts unticked: saving untouched switches records no grant', async () => {
      const { sent } = fakeAssent({
        BannerState: () => bannerState({ statuses: { analytics: 'GRANTED' }, askedAgain: ['analytics'] }),
        RecordChoices: recordChoicesAnswer,
      });

      const element = mount();
      await opened(element);
      button(element, 'Choose').click();

      expect(switchFor(element, 'analytics').getAttribute('aria-checked')).toBe('false');
      button(element, 'Save choices').click();
      await closed(element);
      const [input] = recordedInputs(sent) as { choices: { purposeKey: string; action: string }[] }[];
      expect(input!.choices.filter((c) => c.action === 'GRANT')).toEqual([]);
    });

    it('reopened with "Privacy choices" it shows the current state; Save withdraws a grant switched off and refuses the rest', async () => {
      const { sent } = fakeAssent({
        BannerState: () =>
          bannerState({
            needsPrompt: false,
            statuses: { analytics: 'GRANTED', 'ad-partners': 'REFUSED', newsletter: 'GRANTED' },
          }),
        RecordChoices: recordChoicesAnswer,
      });

      const element = mount();
      await closed(element);
      button(element, 'Privacy choices').click();
      await opened(element);

      expect(switches(element).map((item) => item.getAttribute('aria-checked'))).toEqual(['true', 'false', 'true']);
      switchFor(element, 'newsletter').click();
      button(element, 'Save choices').click();
      await closed(element);

      expect(recordedInputs(sent)).toEqual([
        expect.objectContaining({
          method: 'banner/save',
          choices: [
            { purposeKey: 'analytics', action: 'GRANT' },
            { purposeKey: 'ad-partners', action: 'REFUSE' },
            { purposeKey: 'newsletter', action: 'WITHDRAW' },
          ],
        }),
      ]);
      expect(element.decisions).toEqual({ analytics: true, 'ad-partners': false, newsletter: false, orders: true });
    });

    it('reopened, one click on "Reject all" withdraws every grant', async () => {
      const { sent } = fakeAssent({
        BannerState: () =>
          bannerState({
            needsPrompt: false,
            statuses: { analytics: 'GRANTED', 'ad-partners': 'RECONSENT_REQUIRED', newsletter: 'WITHDRAWN' },
          }),
        RecordChoices: recordChoicesAnswer,
      });

      const element = mount();
      await closed(element);
      button(element, 'Privacy choices').click();
      await opened(element);
      button(element, 'Reject all').click();
      await closed(element);

      expect(recordedInputs(sent)).toEqual([
        expect.objectContaining({
          method: 'banner/reject-all',
          choices: [
            { purposeKey: 'analytics', action: 'WITHDRAW' },
            { purposeKey: 'ad-partners', action: 'REFUSE' },
            { purposeKey: 'newsletter', action: 'REFUSE' },
          ],
        }),
      ]);
    });
  });

  describe('keyboard', () => {
    it('focus moves into "Choose"; Escape closes it and returns to the first layer with focus on "Choose"', async () => {
      fakeAssent({ BannerState: () => bannerState() });

      const element = mount();
      await opened(element);
      button(element, 'Choose').focus();
      button(element, 'Choose').click();
      expect(element.shadowRoot!.activeElement?.textContent).toBe('Choose what you allow');

      switchFor(element, 'analytics').dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }),
      );

      expect(switches(element)).toHaveLength(0);
      expect(element.shadowRoot!.activeElement).toBe(button(element, 'Choose'));
    });

    it('does not take focus from a page field the visitor is typing in', async () => {
      fakeAssent({ BannerState: () => bannerState() });
      const field = document.createElement('input');
      document.body.append(field);
      field.focus();

      const element = mount();
      await opened(element);

      expect(document.activeElement).toBe(field);
    });
  });

  describe('telling the page', () => {
    it('dispatches assent:consent on document with the decisions once known and after every choice', async () => {
      fakeAssent({
        BannerState: () => bannerState({ statuses: { newsletter: 'GRANTED' } }),
        RecordChoices: recordChoicesAnswer,
      });
      const events: unknown[] = [];
      const listener = (event: Event) => events.push((event as CustomEvent).detail);
      document.addEventListener('assent:consent', listener);

      const element = mount();
      expect(element.decisions).toBeNull();
      await opened(element);
      expect(events).toEqual([
        { decisions: { analytics: false, 'ad-partners': false, newsletter: true, orders: true } },
      ]);
      button(element, 'Accept all').click();
      await closed(element);
      document.removeEventListener('assent:consent', listener);

      expect(events).toHaveLength(2);
      expect(events[1]).toEqual({
        decisions: { analytics: true, 'ad-partners': true, newsletter: true, orders: true },
      });
      expect(element.decisions).toEqual(events[1] && (events[1] as { decisions: unknown }).decisions);
    });

    it('Consent Mode: gtag default denied before any request, update after load and after a choice', async () => {
      const calls: unknown[][] = [];
      (window as TagWindow).gtag = (...args: unknown[]) => calls.push(args);
      const { fetchMock } = fakeAssent({ BannerState: () => bannerState(), RecordChoices: recordChoicesAnswer });
      vi.stubGlobal('fetch', (url: string, init: RequestInit) => {
        calls.push(['fetch']);
        return fetchMock(url, init);
      });

      const element = mount();
      await opened(element);
      button(element, 'Choose').click();
      switchFor(element, 'analytics').click();
      button(element, 'Save choices').click();
      await closed(element);

      const denied = {
        ad_storage: 'denied',
        analytics_storage: 'denied',
        ad_user_data: 'denied',
        ad_personalization: 'denied',
      };
      expect(calls).toEqual([
        ['consent', 'default', { ...denied, wait_for_update: 500 }],
        ['fetch'],
        ['consent', 'update', denied],
        ['fetch'],
        ['consent', 'update', { ...denied, analytics_storage: 'granted' }],
      ]);
    });

    it('Consent Mode: a page with only a dataLayer gets gtag commands pushed as arguments', async () => {
      const dataLayer: unknown[] = [];
      (window as TagWindow).dataLayer = dataLayer;
      fakeAssent({ BannerState: () => bannerState(), RecordChoices: recordChoicesAnswer });

      const element = mount();
      await opened(element);
      button(element, 'Accept all').click();
      await closed(element);

      const commands = dataLayer.map((entry) => Array.from(entry as ArrayLike<unknown>));
      expect(commands.map((command) => command.slice(0, 2))).toEqual([
        ['consent', 'default'],
        ['consent', 'update'],
        ['consent', 'update'],
      ]);
      expect(commands[2]![2]).toEqual({
        ad_storage: 'granted',
        analytics_storage: 'granted',
        ad_user_data: 'granted',
        ad_personalization: 'granted',
      });
      expect(Array.isArray(dataLayer[0])).toBe(false);
      expect((window as TagWindow).gtag).toBeUndefined();
    });

    it('Consent Mode: a page without Google tags gets no gtag and no dataLayer', async () => {
      fakeAssent({ BannerState: () => bannerState() });

      await opened(mount());

      expect((window as TagWindow).gtag).toBeUndefined();
      expect((window as TagWindow).dataLayer).toBeUndefined();
    });
  });

  describe('Global Privacy Control', () => {
    it('calls applyGpc after reading the state, shows the GPC purpose off with the reason, and "Accept all" leaves it off', async () => {
      Object.defineProperty(navigator, 'globalPrivacyControl', { value: true, configurable: true });
      const { sent, operations } = fakeAssent({
        ApplyGpc: () => ({ data: { applyGpc: [{ id: 'g1', purposeKey: 'ad-partners', action: 'REFUSE' }] } }),
        BannerState: () => bannerState(),
        RecordChoices: recordChoicesAnswer,
      });

      const element = mount();
      const banner = await opened(element);

      expect(operations()).toEqual(['BannerState', 'ApplyGpc']);
      expect(sent[1]!.variables).toEqual({ signal: 'navigator.globalPrivacyControl' });
      expect(banner.textContent).toContain(
        'Your browser asked us not to sell or share your data; we have recorded that.',
      );
      button(element, 'Choose').click();
      expect(switchFor(element, 'ad-partners').getAttribute('aria-checked')).toBe('false');
      expect(element.shadowRoot!.getElementById('purpose-ad-partners-text')?.textContent).toContain(
        'Your browser asked us not to sell or share your data',
      );
      expect(element.shadowRoot!.getElementById('purpose-analytics-text')?.textContent).not.toContain('Your browser');
      button(element, 'Accept all').click();
      await closed(element);

      expect(recordedInputs(sent)).toEqual([
        expect.objectContaining({
          method: 'banner/accept-all',
          choices: [
            { purposeKey: 'analytics', action: 'GRANT' },
            { purposeKey: 'newsletter', action: 'GRANT' },
          ],
        }),
      ]);
    });

    it('the Sec-GPC header alone (the server saw it: gpcSignal) applies GPC too, named as the header', async () => {
      const { sent, operations } = fakeAssent({
        ApplyGpc: () => ({ data: { applyGpc: [{ id: 'g1', purposeKey: 'ad-partners', action: 'REFUSE' }] } }),
        BannerState: () => bannerState({ gpcSignal: true }),
      });

      const banner = await opened(mount());

      expect(operations()).toEqual(['BannerState', 'ApplyGpc']);
      expect(sent[1]!.variables).toEqual({ signal: 'Sec-GPC' });
      expect(banner.textContent).toContain('Your browser asked us not to sell or share your data');
    });

    it('with every GPC purpose refused or withdrawn already, the signal costs no request', async () => {
      const { operations } = fakeAssent({
        BannerState: () => bannerState({ gpcSignal: true, statuses: { 'ad-partners': 'REFUSED' } }),
      });

      await opened(mount());

      expect(operations()).toEqual(['BannerState']);
    });

    it('a GPC opt-out that answers the only open prompt leaves the banner closed', async () => {
      const { operations } = fakeAssent({
        ApplyGpc: () => ({ data: { applyGpc: [{ id: 'g1', purposeKey: 'ad-partners', action: 'REFUSE' }] } }),
        BannerState: () => bannerState({ gpcSignal: true, statuses: { analytics: 'REFUSED', newsletter: 'GRANTED' } }),
      });

      await closed(mount());

      expect(operations()).toEqual(['BannerState', 'ApplyGpc']);
    });

    it('without the signal it never calls applyGpc', async () => {
      const { operations } = fakeAssent({ BannerState: () => bannerState() });

      await opened(mount());

      expect(operations()).toEqual(['BannerState']);
    });
  });

  describe('errors', () => {
    it('a failed load shows a short, polite message; "Try again" loads again', async () => {
      let down = true;
      const { operations } = fakeAssent({
        BannerState: () => (down ? graphqlError('INTERNAL_SERVER_ERROR', 'Unexpected error.') : bannerState()),
      });
      const errors: unknown[] = [];

      const element = mount();
      element.addEventListener('assent:error', (event) => errors.push((event as CustomEvent).detail));
      const banner = await opened(element);

      expect(banner.querySelector('[role="alert"]')?.textContent).toContain(
        'Sorry, we could not load your privacy choices.',
      );
      down = false;
      button(element, 'Try again').click();
      await vi.waitFor(() =>
        expect(banner.isConnected && region(element)?.querySelector('[role="alert"]')).toBeFalsy(),
      );
      expect(region(element)!.textContent).toContain('We use your data to run the shop');
      expect(operations()).toEqual(['BannerState', 'BannerState']);
      expect(errors).toEqual([{ code: 'INTERNAL_SERVER_ERROR', message: 'Unexpected error.' }]);
    });

    it('when the network fails while saving, the banner stays open with the message and "Try again" sends the same choices', async () => {
      const { sent, fetchMock } = fakeAssent({ BannerState: () => bannerState(), RecordChoices: recordChoicesAnswer });

      const element = mount();
      await opened(element);
      fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
      button(element, 'Reject all').click();
      await vi.waitFor(() =>
        expect(region(element)?.querySelector('[role="alert"]')?.textContent).toContain('Please check your connection'),
      );
      expect(element.shadowRoot!.activeElement).toBe(button(element, 'Try again'));
      button(element, 'Try again').click();
      await closed(element);

      expect(recordedInputs(sent)).toHaveLength(1);
      expect(recordedInputs(sent)[0]).toEqual(expect.objectContaining({ method: 'banner/reject-all' }));
    });

    it('without an api attribute it reports the problem as an event and renders nothing', async () => {
      const { fetchMock } = fakeAssent({});
      const element = document.createElement('assent-banner');
      const errors: unknown[] = [];
      element.addEventListener('assent:error', (event) => errors.push((event as CustomEvent).detail));

      document.body.append(element);

      expect(errors).toEqual([{ code: 'BAD_REQUEST', message: 'The api attribute is missing.' }]);
      expect(fetchMock).not.toHaveBeenCalled();
      expect(element.shadowRoot!.querySelector('button')).toBeNull();
    });
  });
});
