import { useCallback, useEffect, useRef, useState } from 'react';

/** How long a focus request waits for its element. */
const REQUEST_TTL_MS = 3000;

/**
 * Moves focus to an element the next render shows, when the control that had focus goes away (a step of a form
 * replaced by the next, a confirmation closed): `request(key)` in the handler, `ref={target(key)}` on the element
 * (give it tabIndex={-1} when it is not a control). Focus otherwise falls to the page's body, where a keyboard or
 * screen reader user has lost their place.
 */
export function useFocusAfterRender<K extends string>() {
  const [pending, setPending] = useState<{ key: K; at: number } | null>(null);
  const elements = useRef(new Map<K, HTMLElement | null>());
  // After every render until the element is there: it may come a render or a refetch later (a row that shows
  // "Revoked" once the list is read again). A request that waited longer than REQUEST_TTL_MS is dropped, so a read
  // that failed and succeeds much later does not pull focus away from whatever the person is doing by then.
  useEffect(() => {
    if (pending === null) return;
    if (Date.now() - pending.at > REQUEST_TTL_MS) return setPending(null);
    const element = elements.current.get(pending.key);
    if (!element) return;
    element.focus();
    setPending(null);
  });
  const request = useCallback((key: K) => setPending({ key, at: Date.now() }), []);
  const target = useCallback(
    (key: K) => (element: HTMLElement | null) => {
      elements.current.set(key, element);
    },
    [],
  );
  return { request, target };
}
