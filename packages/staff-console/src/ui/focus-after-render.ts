import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Moves focus to an element the next render shows, when the control that had focus goes away (a step of a form
 * replaced by the next, a confirmation closed): `request(key)` in the handler, `ref={target(key)}` on the element
 * (give it tabIndex={-1} when it is not a control). Focus otherwise falls to the page's body, where a keyboard or
 * screen reader user has lost their place.
 */
export function useFocusAfterRender<K extends string>() {
  const [pending, setPending] = useState<K | null>(null);
  const elements = useRef(new Map<K, HTMLElement | null>());
  // After every render until the element is there: it may come a render or a refetch later (a row that shows
  // "Revoked" once the list is read again).
  useEffect(() => {
    if (pending === null) return;
    const element = elements.current.get(pending);
    if (!element) return;
    element.focus();
    setPending(null);
  });
  const target = useCallback(
    (key: K) => (element: HTMLElement | null) => {
      elements.current.set(key, element);
    },
    [],
  );
  return { request: setPending, target };
}
