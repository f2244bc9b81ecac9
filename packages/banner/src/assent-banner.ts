import {
  APPLY_GPC,
  ApiError,
  BANNER_INTRO,
  BANNER_STATE,
  type BannerIntro,
  type BannerMethod,
  type BannerNotice,
  type BannerState,
  type Choice,
  type PurposeState,
  RECORD_CHOICES,
  START_VISITOR_SESSION,
  graphqlEndpoint,
  newVisitorState,
  request,
} from './api';
import {
  applyRecords,
  consentModeOf,
  consentPurposes,
  choicesFor,
  type Decisions,
  decisionsOf,
  gpcMayApply,
} from './choices';
import { consentModeDefault, consentModeUpdate } from './consent-mode';
import { h } from './dom';
import { adoptStyles } from './styles';
import { type Texts, textsFor } from './texts';
import { clearVisitorToken, readVisitorToken, writeVisitorToken } from './visitor-token';

/** The detail of the `assent:consent` event dispatched on `document`. */
export interface AssentConsentDetail {
  decisions: Decisions;
}

/** The detail of the `assent:error` event dispatched on the element (the banner itself never logs). */
export interface AssentErrorDetail {
  code: string;
  message: string;
}

type View = 'closed' | 'first' | 'choose';

/**
 * The Global Privacy Control signal the browser sends, as applyGpc names it: the page's navigator property, else the
 * Sec-GPC: 1 header the server saw on the state request (gpcSignal); null without either.
 */
function gpcSignalOf(state: BannerState): 'navigator.globalPrivacyControl' | 'Sec-GPC' | null {
  if ((navigator as Navigator & { globalPrivacyControl?: boolean }).globalPrivacyControl === true)
    return 'navigator.globalPrivacyControl';
  return state.gpcSignal ? 'Sec-GPC' : null;
}

/** A language's name in that language ("Deutsch" for de), or the tag where the browser cannot name it. */
function nativeName(code: string): string {
  try {
    return new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** Starts an anonymous visitor session and keeps its token for the API's origin (visitor-token.ts). */
async function startVisitorSession(endpoint: string, api: string): Promise<string> {
  const { startVisitorSession: session } = await request<{
    startVisitorSession: { token: string; expiresAt: string };
  }>(endpoint, null, 'StartVisitorSession', START_VISITOR_SESSION);
  writeVisitorToken(api, session);
  return session.token;
}

/** A short, polite sentence for a failure, and what to do. */
function failureText(text: Texts, error: unknown, saving: boolean): string {
  const code = error instanceof ApiError ? error.code : '';
  const hint = code === 'NETWORK_ERROR' ? text.offline : code === 'RATE_LIMITED' ? text.busy : text.later;
  return `${saving ? text.saveFailed : text.loadFailed} ${hint}`;
}

/**
 * <assent-banner api="https://assent.example" token? locale? privacy-center?>
 *
 * Asks a visitor for consent on any site and records the answer in Assent. Shown
 * while the subject needs a prompt; afterwards a small "Privacy choices" button
 * reopens it. Dispatches `assent:consent` on document with the decisions.
 */
export class AssentBanner extends HTMLElement {
  static readonly observedAttributes = ['api', 'token', 'locale', 'privacy-center'];

  private readonly root: ShadowRoot;
  private readonly live: HTMLElement;
  private readonly container: HTMLElement;
  private view: View = 'closed';
  private notice: BannerNotice | null = null;
  private purposes: PurposeState[] = [];
  private switches = new Map<string, boolean>();
  private gpc = false;
  private token: string | null = null;
  private error: { text: string; retry: () => void } | null = null;
  private busy = false;
  /** Bumped on every (re)load so answers to an outdated load are dropped. */
  private generation = 0;
  private consentDefaultSent = false;
  private reloadQueued = false;
  private focusNext: string | null = null;
  /** The open view, and the control that had focus, when the language changed: the next load keeps them. */
  private keepOpen: { view: View; focus: string | null } | null = null;
  /** Keeps the page's own content clear of the open banner (see reserveSpace). */
  private readonly space = new ReservedSpace();

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    adoptStyles(this.root);
    // Persistent, so screen readers announce what is written into it later.
    this.live = h('p', { class: 'sr', role: 'status' });
    this.container = h('div');
    this.root.append(this.live, this.container);
    this.root.addEventListener('keydown', (event) => this.onKeydown(event as KeyboardEvent));
  }

  /** `{ [purposeKey]: allowed }` once the visitor's state is known, else null. */
  get decisions(): Decisions | null {
    return this.notice ? decisionsOf(this.purposes) : null;
  }

  /** Opens the banner at the choices, as the "Privacy choices" button does (for a site's own footer link). */
  open(): void {
    if (this.notice) this.openChoose();
    else if (this.error) this.show('first', 'title');
  }

  connectedCallback(): void {
    if (!this.consentDefaultSent) {
      // Before any request: Google tags must start from "denied".
      this.consentDefaultSent = true;
      try {
        consentModeDefault();
      } catch {
        // A broken page gtag must not stop the banner.
      }
    }
    void this.load();
  }

  disconnectedCallback(): void {
    this.generation++;
    this.space.release();
  }

  attributeChangedCallback(name: string, previous: string | null, next: string | null): void {
    // Before the first load (the parser's initial attributes, an upgrade) there is nothing to reload.
    if (previous === next || !this.isConnected || this.generation === 0) return;
    if (name === 'privacy-center') {
      this.render();
      return;
    }
    // A new language keeps an open banner open where it was (the language select, a visitor's unsaved switches): a
    // keyboard user arrowing through the select changes the language on every key.
    if (name === 'locale' && this.view !== 'closed')
      this.keepOpen = {
        view: this.view,
        focus: (this.root.activeElement as HTMLElement | null)?.dataset.focus ?? this.keepOpen?.focus ?? null,
      };
    // A product may set the token after sign-in, or change the language: load again, once per task.
    if (this.reloadQueued) return;
    this.reloadQueued = true;
    queueMicrotask(() => {
      this.reloadQueued = false;
      if (this.isConnected) void this.load();
    });
  }

  private get api(): string | null {
    return this.getAttribute('api');
  }

  private get locale(): string | null {
    return this.getAttribute('locale') || document.documentElement.lang || null;
  }

  /** The banner's own words: in the notice's language when the banner knows it, else English. */
  private get words(): { lang: string; text: Texts } {
    return textsFor(this.notice?.locale ?? this.locale);
  }

  /**
   * Loads the notice and the subject's state in one request (a new visitor's from public data, with no session yet),
   * applies Global Privacy Control when it can change something, then shows what is due.
   */
  private async load(allowNewSession = true): Promise<void> {
    const generation = ++this.generation;
    const api = this.api;
    const given = this.getAttribute('token');
    this.error = null;
    // A save still in flight belongs to the previous load; its answer will be dropped.
    this.busy = false;
    if (!api) {
      this.emitError(new ApiError('The api attribute is missing.', 'BAD_REQUEST'));
      return;
    }
    const endpoint = graphqlEndpoint(api);
    try {
      let token = given || readVisitorToken(api);
      const state = token
        ? await request<BannerState>(endpoint, token, 'BannerState', BANNER_STATE, { locale: this.locale })
        : newVisitorState(
            await request<BannerIntro>(endpoint, null, 'BannerIntro', BANNER_INTRO, { locale: this.locale }),
          );
      let purposes = state.me.purposes;
      let needsPrompt = state.me.needsPrompt;
      // GPC (navigator or header) opts out of the GPC purposes before anything is shown: applyGpc records what it
      // changes (nothing for a purpose granted explicitly after the signal), and those purposes are answered.
      const signal = gpcSignalOf(state);
      if (signal && gpcMayApply(purposes)) {
        token ??= await startVisitorSession(endpoint, api);
        const { applyGpc } = await request<{ applyGpc: Choice[] }>(endpoint, token, 'ApplyGpc', APPLY_GPC, { signal });
        purposes = applyRecords(purposes, applyGpc);
        needsPrompt = purposes.some((item) => item.needsPrompt);
      }
      if (generation !== this.generation) return;
      this.token = token;
      this.gpc = signal !== null;
      this.notice = state.currentNotice;
      this.purposes = purposes;
      this.announce();
      const kept = this.keepOpen;
      this.keepOpen = null;
      if (kept) this.show(kept.view, kept.focus);
      else this.show(needsPrompt ? 'first' : 'closed', needsPrompt ? 'title' : null);
    } catch (error) {
      if (generation !== this.generation) return;
      this.keepOpen = null;
      if (!given && allowNewSession && error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
        // The stored visitor token expired or was revoked: start over as a new visitor.
        clearVisitorToken(api);
        return this.load(false);
      }
      this.fail(error, false, () => void this.load());
    }
  }

  /** Records one click's choices in one call, then closes the banner. */
  private async record(method: BannerMethod): Promise<void> {
    if (this.busy || !this.notice || !this.api) return;
    const choices = choicesFor(method, this.purposes, { switches: this.switches, gpc: this.gpc });
    if (choices.length === 0) {
      this.show('closed', 'reopen');
      return;
    }
    const generation = this.generation;
    this.busy = true;
    this.error = null;
    this.render();
    try {
      const endpoint = graphqlEndpoint(this.api);
      // A new visitor becomes a subject with its first choice.
      this.token ??= await startVisitorSession(endpoint, this.api);
      const { recordChoices } = await request<{ recordChoices: Choice[] }>(
        endpoint,
        this.token,
        'RecordChoices',
        RECORD_CHOICES,
        {
          input: { channel: 'WEB', method, noticeVersionId: this.notice.id, locale: this.notice.locale, choices },
        },
      );
      if (generation !== this.generation) return;
      this.busy = false;
      this.purposes = applyRecords(this.purposes, recordChoices);
      this.live.textContent = this.words.text.saved;
      this.announce();
      this.show('closed', this.root.activeElement ? 'reopen' : null);
    } catch (error) {
      if (generation !== this.generation) return;
      this.busy = false;
      this.fail(error, true, () => void this.record(method));
    }
  }

  /** Tells Google tags and every other listener what is allowed now. */
  private announce(): void {
    const decisions = decisionsOf(this.purposes);
    try {
      consentModeUpdate(consentModeOf(this.purposes));
    } catch {
      // A broken page gtag must not stop the event below.
    }
    document.dispatchEvent(new CustomEvent<AssentConsentDetail>('assent:consent', { detail: { decisions } }));
  }

  private fail(error: unknown, saving: boolean, retry: () => void): void {
    this.error = { text: failureText(this.words.text, error, saving), retry };
    this.emitError(error);
    this.show(this.view === 'closed' ? 'first' : this.view, 'retry');
  }

  private emitError(error: unknown): void {
    const detail: AssentErrorDetail =
      error instanceof ApiError
        ? { code: error.code, message: error.message }
        : { code: 'INTERNAL_ERROR', message: String(error) };
    this.dispatchEvent(new CustomEvent<AssentErrorDetail>('assent:error', { detail }));
  }

  private openChoose(): void {
    this.switches = new Map(
      // A grant that a changed notice asks about again starts unticked: consent to the new text is a new action.
      consentPurposes(this.purposes).map(({ purpose, status, needsPrompt }) => [
        purpose.key,
        status === 'GRANTED' && !needsPrompt,
      ]),
    );
    this.show('choose', 'title');
  }

  private show(view: View, focus: string | null): void {
    this.view = view;
    this.focusNext = focus;
    this.render();
  }

  private onKeydown(event: KeyboardEvent): void {
    if (event.key === 'Escape' && this.view === 'choose') {
      event.stopPropagation();
      this.show('first', 'choose');
    }
  }

  private toggle(button: HTMLElement, key: string): void {
    const on = !this.switches.get(key);
    this.switches.set(key, on);
    button.setAttribute('aria-checked', String(on));
  }

  private render(): void {
    // Re-rendering replaces the nodes: keep focus on the control that had it.
    const focused = (this.root.activeElement as HTMLElement | null)?.dataset.focus ?? null;
    const { lang, text } = this.words;
    const content = this.view === 'closed' ? this.renderReopen(text) : this.renderBanner(text);
    this.container.lang = lang;
    this.container.replaceChildren(...(content ? [content] : []));
    if (this.view === 'closed') this.space.release();
    else if (content) this.space.reserve(content);
    const target = this.focusNext ?? focused;
    this.focusNext = null;
    if (!target) return;
    // Focus moves into the banner when it opens, unless the visitor is busy elsewhere on the page (typing in a form).
    const outside = document.activeElement;
    if (!this.root.activeElement && outside && outside !== document.body && outside !== this) return;
    this.root.querySelector<HTMLElement>(`[data-focus="${target}"]`)?.focus({ preventScroll: true });
  }

  private renderReopen(text: Texts): HTMLElement | null {
    if (!this.notice && !this.error) return null;
    return h(
      'button',
      { type: 'button', class: 'reopen', part: 'reopen', 'data-focus': 'reopen', onclick: () => this.open() },
      text.reopen,
    );
  }

  private button(label: string, focus: string, onclick: () => void, className = 'btn'): HTMLButtonElement {
    return h(
      'button',
      { type: 'button', class: className, 'data-focus': focus, 'aria-disabled': this.busy ? 'true' : null, onclick },
      label,
    );
  }

  private renderBanner(text: Texts): HTMLElement {
    const notice = this.notice;
    const choose = this.view === 'choose' && notice !== null;
    const privacyCenter = this.getAttribute('privacy-center');
    const gpcPurposes = this.gpc
      ? consentPurposes(this.purposes).filter((item) => item.purpose.gpcOptOut && item.status !== 'GRANTED')
      : [];
    return h(
      'section',
      {
        class: 'banner',
        part: 'banner',
        role: 'region',
        'aria-label': text.region,
        'aria-busy': this.busy ? 'true' : null,
      },
      h(
        'div',
        { class: 'head' },
        h('h2', { tabindex: '-1', 'data-focus': 'title' }, choose ? text.chooseTitle : text.title),
        notice && this.renderLanguages(text, notice),
        h(
          'button',
          {
            type: 'button',
            class: 'close',
            'aria-label': text.close,
            'data-focus': 'close',
            onclick: () => this.show('closed', 'reopen'),
          },
          '×',
        ),
      ),
      notice && !choose && h('p', { lang: notice.locale }, notice.summary),
      notice && !choose && gpcPurposes.length > 0 && h('p', { class: 'muted' }, text.gpc),
      choose && h('p', { class: 'muted' }, text.chooseIntro),
      choose && this.renderSwitches(text, notice.locale, gpcPurposes),
      privacyCenter && h('p', {}, h('a', { class: 'link', href: privacyCenter }, text.privacyCenter)),
      this.error &&
        h(
          'div',
          { class: 'error', role: 'alert' },
          h('p', {}, this.error.text),
          this.button(text.retry, 'retry', this.error.retry, 'retry'),
        ),
      notice &&
        h(
          'div',
          { class: 'actions' },
          // Same element, class and size: refusing is exactly as easy as accepting.
          this.button(text.rejectAll, 'reject', () => void this.record('banner/reject-all')),
          this.button(text.acceptAll, 'accept', () => void this.record('banner/accept-all')),
          choose
            ? this.button(text.save, 'save', () => void this.record('banner/save'))
            : this.button(text.choose, 'choose', () => this.openChoose()),
        ),
    );
  }

  /**
   * The notice's languages, each named in itself (Intl.DisplayNames): choosing one sets the locale attribute, which
   * loads the texts in it, and the next choice records that language. None while the notice has one language.
   */
  private renderLanguages(text: Texts, notice: BannerNotice): HTMLElement | null {
    if (notice.availableLocales.length < 2) return null;
    const select = h(
      'select',
      { class: 'language', 'aria-label': text.language, 'data-focus': 'language' },
      ...notice.availableLocales.map((code) =>
        h('option', { value: code, lang: code, selected: code === notice.locale ? '' : null }, nativeName(code)),
      ),
    );
    select.addEventListener('change', () => this.setAttribute('locale', (select as HTMLSelectElement).value));
    return select;
  }

  private renderSwitches(text: Texts, lang: string, gpcPurposes: PurposeState[]): HTMLElement {
    return h(
      'ul',
      {},
      ...consentPurposes(this.purposes).map(({ purpose }) => {
        const id = `purpose-${purpose.key}`;
        const gpcNote = gpcPurposes.some((item) => item.purpose.key === purpose.key);
        const button = h('button', {
          type: 'button',
          class: 'switch',
          role: 'switch',
          id,
          'aria-checked': String(this.switches.get(purpose.key) ?? false),
          'aria-describedby': `${id}-text`,
          'data-focus': id,
          'data-purpose': purpose.key,
        });
        button.addEventListener('click', () => this.toggle(button, purpose.key));
        return h(
          'li',
          {},
          h(
            'div',
            {},
            h('label', { for: id, lang }, purpose.title),
            h(
              'p',
              { class: 'muted', id: `${id}-text` },
              h('span', { lang }, purpose.description),
              gpcNote && ` ${text.gpc}`,
            ),
          ),
          button,
        );
      }),
    );
  }
}

/**
 * Room at the foot of the page for the open banners, fixed sheets over the page's bottom: the page can scroll its
 * last content above them, and a control the visitor tabs to is scrolled clear of them (scroll-padding), so a banner
 * never hides the focused field (WCAG 2.4.11). One for the document, whatever the number of banners: the room is the
 * tallest open one's, added to the page's own padding (from its stylesheet or inline, read again each time the room is
 * set), and the page's own inline values come back when the last one closes.
 */
const pageRoom = (() => {
  const open = new Map<object, number>();
  let saved: { padding: string; scrollPadding: string } | null = null;
  /** A computed length in px; `auto`, a percentage or anything else unparsable as px is 0. */
  const px = (value: string) => (/^-?[\d.]+px$/.test(value) ? Number.parseFloat(value) : 0);
  const apply = () => {
    const html = document.documentElement;
    const body = document.body;
    if (open.size === 0) {
      if (!saved) return;
      body.style.paddingBottom = saved.padding;
      html.style.scrollPaddingBottom = saved.scrollPadding;
      saved = null;
      return;
    }
    saved ??= { padding: body.style.paddingBottom, scrollPadding: html.style.scrollPaddingBottom };
    // The page's own values as they are now (a media query or a late stylesheet may have changed them since): with its
    // inline values put back for the reading.
    body.style.paddingBottom = saved.padding;
    html.style.scrollPaddingBottom = saved.scrollPadding;
    const basePadding = px(getComputedStyle(body).paddingBottom);
    const baseScrollPadding = px(getComputedStyle(html).scrollPaddingBottom);
    const room = Math.max(...open.values());
    body.style.paddingBottom = `${basePadding + room}px`;
    html.style.scrollPaddingBottom = `${baseScrollPadding + room}px`;
  };
  return {
    set(owner: object, px: number) {
      open.set(owner, px);
      apply();
    },
    remove(owner: object) {
      if (open.delete(owner)) apply();
    },
  };
})();

/** One banner's share of the page's room: the height of its open sheet, followed by a ResizeObserver. */
class ReservedSpace {
  private observer: ResizeObserver | null = null;
  private observed: Element | null = null;

  reserve(banner: HTMLElement): void {
    if (typeof ResizeObserver === 'undefined' || this.observed === banner) return;
    this.observer?.disconnect();
    this.observed = banner;
    this.observer = new ResizeObserver(() => {
      // The sheet's height and the gap below it.
      pageRoom.set(this, Math.max(0, Math.ceil(window.innerHeight - banner.getBoundingClientRect().top)));
    });
    this.observer.observe(banner);
  }

  release(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.observed = null;
    pageRoom.remove(this);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'assent-banner': AssentBanner;
  }
  interface DocumentEventMap {
    'assent:consent': CustomEvent<AssentConsentDetail>;
  }
}
