import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createGraphQLClient } from '@assent/web-kit';
import { graphqlEndpoint, readStoredApiKey, sessionHeaders } from './auth/session-storage';
import { App, AppProviders, createQueryClient } from './app';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

createRoot(root).render(
  <StrictMode>
    {/* The key (or the session's CSRF token) is read on every request, so signing in or out takes effect at once. */}
    <AppProviders
      client={createGraphQLClient({
        getToken: readStoredApiKey,
        getEndpoint: graphqlEndpoint,
        getHeaders: sessionHeaders,
      })}
      queryClient={createQueryClient()}
    >
      <App />
    </AppProviders>
  </StrictMode>,
);
