import { installAppTestHooks } from './app-test-hooks';

installAppTestHooks();
