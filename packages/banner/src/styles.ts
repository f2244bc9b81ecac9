/**
 * The banner's styles, scoped by its shadow root. Every colour, the font and the
 * radius can be set from the page with --assent-* custom properties; the defaults
 * follow the visitor's light or dark scheme and meet WCAG AA contrast.
 */
export const CSS = `
:host {
  all: initial;
  --_bg: var(--assent-bg, #ffffff);
  --_fg: var(--assent-fg, #1b1f24);
  --_accent: var(--assent-accent, #1a56c4);
  --_accent-fg: var(--assent-accent-fg, #ffffff);
  --_border: var(--assent-border, #c9ced6);
  --_radius: var(--assent-radius, 0.75rem);
  font-family: var(--assent-font, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif);
  font-size: 1rem;
  line-height: 1.5;
  color: var(--_fg);
}
@media (prefers-color-scheme: dark) {
  :host {
    --_bg: var(--assent-bg, #1a1f26);
    --_fg: var(--assent-fg, #e8eaed);
    --_accent: var(--assent-accent, #8ab4ff);
    --_accent-fg: var(--assent-accent-fg, #0b1220);
    --_border: var(--assent-border, #3a424d);
  }
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.banner, .reopen {
  position: fixed;
  z-index: var(--assent-z-index, 2147483000);
  color: var(--_fg);
  background: var(--_bg);
  border: 1px solid var(--_border);
  box-shadow: 0 0.5rem 2rem rgb(0 0 0 / 0.25);
}
.banner {
  inset: auto 0.5rem 0.5rem 0.5rem;
  margin-inline: auto;
  max-width: 40rem;
  max-height: calc(100vh - 1rem);
  overflow: auto;
  overscroll-behavior: contain;
  --_pad-y: 1rem;
  padding: var(--_pad-y) 1rem;
  border-radius: var(--_radius);
  overflow-wrap: anywhere;
}
@media (min-width: 40rem) {
  .banner { --_pad-y: 1.25rem; inset: auto 1rem 1rem 1rem; padding: var(--_pad-y) 1.5rem; }
}
.head { display: flex; align-items: flex-start; justify-content: space-between; gap: 0.75rem; }
h2 { margin: 0; font-size: 1.125rem; line-height: 1.4; font-weight: 650; }
/* Focus lands on the heading only to move a screen reader into the banner; it is not a control. */
h2:focus { outline: none; }
p { margin: 0.5rem 0 0; }
.muted { color: var(--_fg); color: color-mix(in srgb, var(--_fg) 82%, var(--_bg)); font-size: 0.9375rem; }
button, a { font: inherit; color: inherit; }
button { cursor: pointer; -webkit-tap-highlight-color: transparent; }
button:focus-visible, a:focus-visible, select:focus-visible {
  outline: 3px solid var(--_accent);
  outline-offset: 2px;
}
.language {
  flex: none;
  margin-left: auto;
  min-height: 2rem;
  max-width: 9rem;
  padding: 0.25rem 0.375rem;
  border: 1px solid currentColor;
  border-radius: 0.375rem;
  background: var(--_bg);
  color: var(--_fg);
  font: inherit;
  font-size: 0.875rem;
}
/* The buttons stay in view while a long list of purposes scrolls on a small screen. */
.actions {
  position: sticky;
  bottom: calc(-1 * var(--_pad-y));
  display: flex;
  flex-wrap: wrap;
  gap: 0.5rem;
  margin: 0.5rem 0 calc(-1 * var(--_pad-y));
  padding: 0.5rem 0 var(--_pad-y);
  background: var(--_bg);
}
.btn {
  flex: 1 1 8rem;
  min-height: 2.75rem;
  padding: 0.5rem 1rem;
  border: 2px solid var(--_accent);
  border-radius: calc(var(--_radius) * 0.67);
  background: var(--_accent);
  color: var(--_accent-fg);
  font-weight: 600;
}
.btn:hover { filter: brightness(1.1); }
[aria-disabled='true'] { cursor: progress; opacity: 0.7; }
.close {
  flex: none;
  display: inline-grid;
  place-items: center;
  width: 2.5rem;
  height: 2.5rem;
  margin: -0.5rem -0.5rem 0 0;
  padding: 0;
  border: 0;
  border-radius: 50%;
  background: transparent;
  font-size: 1.5rem;
  line-height: 1;
}
.close:hover { background: color-mix(in srgb, var(--_fg) 10%, transparent); }
.link {
  display: inline-block;
  min-height: 1.5rem;
  color: var(--_accent);
  text-underline-offset: 0.2em;
}
.error {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.5rem 1rem;
  margin-top: 0.75rem;
  padding: 0.5rem 0.75rem;
  border: 1px solid var(--_border);
  border-left: 4px solid #c62828;
  border-radius: calc(var(--_radius) * 0.67);
}
.error p { margin: 0; flex: 1 1 12rem; }
.retry {
  min-height: 2.5rem;
  padding: 0.25rem 0.875rem;
  border: 2px solid var(--_accent);
  border-radius: calc(var(--_radius) * 0.67);
  background: transparent;
  font-weight: 600;
}
ul { list-style: none; margin: 0.75rem 0 0; padding: 0; }
li { display: flex; gap: 1rem; align-items: flex-start; justify-content: space-between; padding: 0.75rem 0; border-top: 1px solid var(--_border); }
li:first-child { border-top: 0; }
label { display: block; font-weight: 600; cursor: pointer; }
li p { margin-top: 0.125rem; }
.switch {
  flex: none;
  position: relative;
  width: 3rem;
  height: 1.75rem;
  margin-top: 0.125rem;
  padding: 0;
  border: 2px solid var(--_fg);
  border-radius: 1rem;
  background: transparent;
}
.switch::after {
  content: '';
  position: absolute;
  top: 0.1875rem;
  left: 0.1875rem;
  width: 1.125rem;
  height: 1.125rem;
  border-radius: 50%;
  background: var(--_fg);
}
.switch[aria-checked='true'] { background: var(--_accent); border-color: var(--_accent); }
.switch[aria-checked='true']::after { left: calc(100% - 1.3125rem); background: var(--_accent-fg); }
@media (prefers-reduced-motion: no-preference) {
  .switch::after { transition: left 0.15s ease; }
}
@media (forced-colors: active) {
  .switch::after { background: CanvasText; }
  .switch[aria-checked='true'] { background: Highlight; }
  .switch[aria-checked='true']::after { background: Canvas; }
}
.reopen {
  inset: auto auto 0.75rem 0.75rem;
  min-height: 2.5rem;
  padding: 0.375rem 1rem;
  border-radius: 999px;
  font-size: 0.875rem;
  font-weight: 600;
}
.sr {
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip-path: inset(50%);
  white-space: nowrap;
}
`;

let shared: CSSStyleSheet | null | undefined;

/** Styles a shadow root: one constructable stylesheet shared by every banner (fine under a strict CSP), else a <style>. */
export function adoptStyles(root: ShadowRoot): void {
  if (shared === undefined) {
    try {
      shared = new CSSStyleSheet();
      shared.replaceSync(CSS);
    } catch {
      shared = null;
    }
  }
  if (shared && 'adoptedStyleSheets' in root) {
    root.adoptedStyleSheets = [shared];
    return;
  }
  const style = document.createElement('style');
  style.textContent = CSS;
  root.append(style);
}
