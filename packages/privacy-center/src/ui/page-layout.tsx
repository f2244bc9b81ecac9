import type { MouseEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Id of the page's h1; focus goes there when a prompt above it closes. */
export const PAGE_TITLE_ID = 'page-title';

/** Moves focus to the page's h1 (e.g. after the element that had it disappeared). */
export function focusPageTitle(): void {
  document.getElementById(PAGE_TITLE_ID)?.focus();
}

/** Landmarks shared by every page: skip link, header, main with its h1. */
export function PageLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const skipToMain = (event: MouseEvent<HTMLAnchorElement>) => {
    // Keep the address free of fragments: the token arrived in one.
    event.preventDefault();
    document.getElementById('main')?.focus();
  };
  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        {t('app.skipLink')}
      </a>
      <header className="site-header">
        <div className="container">
          <p className="brand">{t('app.productName')}</p>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="container">
        <h1 id={PAGE_TITLE_ID} tabIndex={-1}>
          {title}
        </h1>
        {children}
      </main>
    </>
  );
}
