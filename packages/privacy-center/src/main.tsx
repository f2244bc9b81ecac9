import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createGraphQLClient } from '@assent/web-kit';
import { App, AppProviders, createQueryClient } from './app';
import { captureSubjectToken } from './auth/subject-token';
import { createI18n, initialInterfaceLanguage } from './i18n/i18n';
import './styles.css';

// Before anything renders, so the token leaves the address bar at once.
const token = captureSubjectToken();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

const i18n = createI18n();
// The first paint is already in the person's language: its catalogue loads before anything renders.
void i18n.changeLanguage(initialInterfaceLanguage()).then(() => {
  const labelDocument = () => {
    document.documentElement.lang = i18n.resolvedLanguage ?? 'en';
    document.title = i18n.t('app.documentTitle');
  };
  labelDocument();
  i18n.on('languageChanged', labelDocument);

  createRoot(root).render(
    <StrictMode>
      <AppProviders
        i18n={i18n}
        client={createGraphQLClient({ getToken: () => token })}
        queryClient={createQueryClient()}
      >
        <App token={token} />
      </AppProviders>
    </StrictMode>,
  );
});
