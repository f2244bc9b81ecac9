import { installAppTestHooks } from '@assent/web-kit/test';

installAppTestHooks('/');
