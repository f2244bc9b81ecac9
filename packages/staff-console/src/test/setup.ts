import { installAppTestHooks } from '@assent/web-kit/test';

// The console lives below /staff/: every test starts (and ends) there.
installAppTestHooks(import.meta.env.BASE_URL);
