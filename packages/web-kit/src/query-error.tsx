import type { ReactNode } from 'react';

/**
 * Something that failed, as an alert: a paragraph saying what and why, an
 * optional hint below it, and a button to try again when `retry` is given.
 * The apps put their own words in (the privacy center translated, the staff
 * console in English).
 */
export function ErrorNotice({
  children,
  hint,
  retry,
}: {
  children: ReactNode;
  hint?: ReactNode;
  retry?: { label: string; onRetry: () => void };
}) {
  return (
    <div className="notice-box notice-box--error" role="alert">
      <p>{children}</p>
      {hint}
      {retry && (
        <button type="button" className="button" onClick={retry.onRetry}>
          {retry.label}
        </button>
      )}
    </div>
  );
}

/** A query on its way: announced politely, shown plainly. */
export function Loading({ children }: { children: string }) {
  return (
    <p className="loading" role="status">
      {children}
    </p>
  );
}
