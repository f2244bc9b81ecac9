import { expect, test as base } from '@playwright/test';

/** What went wrong in the browser during one test, in every page of its context. */
export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  dialogs: string[];
}

/**
 * `test` with an automatic guard: a console error, an uncaught page error, a
 * Content-Security-Policy violation or a native dialog (alert/confirm/prompt)
 * anywhere in the test's browser context fails the test once its body has run.
 */
export const test = base.extend<{ problems: PageProblems }>({
  problems: [
    async ({ context }, use, testInfo) => {
      const problems: PageProblems = { consoleErrors: [], pageErrors: [], dialogs: [] };
      // Every Content-Security-Policy violation (Assent's pages and the banner's test site run under one) is an error.
      await context.addInitScript(() =>
        document.addEventListener('securitypolicyviolation', (event) =>
          console.error(
            `CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
          ),
        ),
      );
      context.on('console', (message) => {
        if (message.type() === 'error') problems.consoleErrors.push(`${message.text()} (${message.location().url})`);
      });
      context.on('weberror', (error) => problems.pageErrors.push(String(error.error().stack ?? error.error())));
      context.on('dialog', (dialog) => {
        problems.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss().catch(() => {});
      });
      await use(problems);
      // Reported even when the body failed first, but only asserted on a body that passed.
      if (testInfo.status === testInfo.expectedStatus) {
        expect(problems.consoleErrors, 'console errors').toEqual([]);
        expect(problems.pageErrors, 'uncaught page errors').toEqual([]);
        expect(problems.dialogs, 'native dialogs').toEqual([]);
      }
    },
    { auto: true },
  ],
});

export { expect };
