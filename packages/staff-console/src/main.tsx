import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createGraphQLClient } from '@assent/web-kit';
import { readStoredApiKey } from './auth/session-storage';
import { App, AppProviders, createQueryClient } from './app';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');

createRoot(root).render(
  <StrictMode>
    {/* The key is read on every request, so signing in or out takes effect at once. */}
    <AppProviders client={createGraphQLClient({ getToken: readStoredApiKey })} queryClient={createQueryClient()}>
      <App />
    </AppProviders>
  </StrictMode>,
);
