import { useEffect, useRef, type MouseEvent, type ReactNode } from 'react';
import { useSession } from '../auth/session';
import { Link, takeFocusRequest, type Route } from '../routing/router';
import { ROLE_LABEL } from './labels';

const NAV: { page: Route['page']; label: string; adminOnly: boolean }[] = [
  { page: 'subjects', label: 'Subjects', adminOnly: false },
  { page: 'purposes', label: 'Purposes', adminOnly: false },
  { page: 'notices', label: 'Notices', adminOnly: false },
  { page: 'api-keys', label: 'API keys', adminOnly: true },
  { page: 'webhooks', label: 'Webhooks', adminOnly: true },
  { page: 'access-log', label: 'Access log', adminOnly: true },
];

/** Skip link, header with the page links and the session, and main with the page's h1. */
export function PageLayout({
  title,
  current,
  children,
}: {
  title: string;
  current: Route['page'];
  children: ReactNode;
}) {
  const { role, displayName, signOut } = useSession();
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = `${title} · Assent staff console`;
    // After a navigation the old focus target is gone: start again at the new page's heading.
    if (takeFocusRequest()) heading.current?.focus();
  }, [title]);

  const skipToMain = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    document.getElementById('main')?.focus();
  };

  return (
    <>
      <a className="skip-link" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header className="site-header">
        <div className="container header-row">
          <p className="brand">Assent staff console</p>
          <div className="session">
            {displayName ? (
              <span className="role-badge" data-testid="role">
                Signed in as <strong>{displayName}</strong> ({ROLE_LABEL[role]})
              </span>
            ) : (
              <span className="role-badge" data-testid="role">
                Signed in with a{role === 'ADMIN' ? 'n' : ''} <strong>{ROLE_LABEL[role]}</strong> key ({role})
              </span>
            )}
            {displayName && (
              <Link
                to={{ page: 'account' }}
                aria-current={current === 'account' ? 'page' : undefined}
                className="button button--quiet button--small"
              >
                Your account
              </Link>
            )}
            <button type="button" className="button button--quiet button--small" onClick={signOut}>
              Sign out
            </button>
          </div>
        </div>
        <nav aria-label="Console sections" className="container">
          <ul className="nav-list">
            {NAV.map((item) => (
              <li key={item.page}>
                <Link
                  to={{ page: item.page } as Route}
                  aria-current={item.page === current ? 'page' : undefined}
                  className="nav-link"
                >
                  {item.label}
                  {item.adminOnly && role !== 'ADMIN' && <span className="nav-note"> (admins)</span>}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="main" tabIndex={-1} className="container">
        <h1 id="page-title" tabIndex={-1} ref={heading}>
          {title}
        </h1>
        {children}
      </main>
    </>
  );
}

/** The page frame before sign-in: no navigation, nothing to show yet. */
export function SignedOutLayout({ title, children }: { title: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Assent staff console`;
  }, [title]);
  return (
    <>
      <header className="site-header">
        <div className="container header-row">
          <p className="brand">Assent staff console</p>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="container container--narrow">
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {children}
      </main>
    </>
  );
}
