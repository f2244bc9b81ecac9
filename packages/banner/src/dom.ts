type Child = Node | string | null | undefined | false;
type Props = Record<string, string | boolean | null | undefined | ((event: Event) => void)>;

/**
 * Creates an element: string props become attributes (true → present, false/null → absent),
 * function props become listeners (`onclick`). Text is always set as text, never as HTML,
 * so notice texts cannot inject markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else if (value === true) element.setAttribute(name, '');
    else if (value != null && value !== false) element.setAttribute(name, value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}
