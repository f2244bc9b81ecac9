import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createGraphQLClient } from '@assent/web-kit';
import { App, AppProviders, createQueryClient } from './app';
import { captureSubjectToken } from './auth/subject-token';
import { pickMessages } from './i18n/messages';
import './styles.css';

// Before anything renders, so the token leaves the address bar at once.
const token = captureSubjectToken();
const messages = pickMessages();
document.documentElement.lang = messages.lang;
document.title = messages.app.documentTitle;

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

createRoot(root).render(
  <StrictMode>
    <AppProviders
      messages={messages}
      client={createGraphQLClient({ getToken: () => token })}
      queryClient={createQueryClient()}
    >
      <App token={token} />
    </AppProviders>
  </StrictMode>,
);
