import { mkdirSync } from 'node:fs';
import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { gql, mintSubjectToken, uniqueSubjectId } from './support/assent-api';

// Issue 17 in the browser: a German visitor reads the German notice and their choice records `de`; switching to
// French re-renders (the interface too) and records `fr`; a Polish visitor gets a Polish interface; the staff console's plain-language check flags a long sentence while the admin
// types; the overview draws a seeded week. Runs before staff-console.spec.ts, which publishes an English-only notice.

const DAY_MS = 86_400_000;
const GERMAN_SUMMARY = /So nutzen wir Ihre Daten/;
const FRENCH_SUMMARY = /Comment nous utilisons vos données/;

/** Where screenshots go besides the test's own output (E2E_SCREENSHOT_DIR), so a person can look at them. */
async function screenshot(page: Page, testInfo: TestInfo, name: string, fullPage = true) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage });
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: `${dir}/${name}.png`, fullPage });
  }
}

async function recordLocales(request: APIRequestContext, subjectId: string) {
  const data = await gql<{ consentHistory: { edges: { node: { purposeKey: string; locale: string | null } }[] } }>(
    request,
    'query H($s: ID!) { consentHistory(subjectId: $s) { edges { node { purposeKey locale } } } }',
    { s: subjectId },
  );
  return data.consentHistory.edges.map((e) => e.node);
}

async function adminKey(request: APIRequestContext, name: string) {
  const data = await gql<{ createApiKey: { secret: string } }>(
    request,
    'mutation K($name: String!) { createApiKey(role: ADMIN, name: $name) { secret } }',
    { name },
  );
  return data.createApiKey.secret;
}

async function signIn(page: Page, key: string) {
  await page.goto('/staff/');
  // People sign in with their staff account; an API key (machines, bootstrap) is one click further.
  await page.getByText('Sign in with an API key instead').click();
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in with the key' }).click();
  await expect(page.getByTestId('role')).toContainText('Admin');
}

test.describe('a German browser', () => {
  test.use({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });

  test('sees the German notice and records de; switching to French re-renders and the next choice records fr', async ({
    page,
    request,
  }, testInfo) => {
    const subjectId = uniqueSubjectId('de-browser');
    const { token } = await mintSubjectToken(request, subjectId);
    await page.goto(`/#token=${encodeURIComponent(token)}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Ihre Datenschutz-Einstellungen' })).toBeVisible();
    const notice = page.locator('#notice-heading').locator('xpath=..');
    await expect(notice.locator('.summary')).toHaveText(GERMAN_SUMMARY);
    await expect(notice.locator('.summary')).toHaveAttribute('lang', 'de');

    await page.getByRole('switch', { name: 'Produktanalyse', exact: true }).click();
    await expect.poll(() => recordLocales(request, subjectId)).toEqual([{ purposeKey: 'analytics', locale: 'de' }]);
    await screenshot(page, testInfo, 'privacy-center-de-1280');

    const language = page.getByLabel('Sprache der Hinweise');
    await expect(language.locator('option')).toHaveText(['English', 'Deutsch', 'Français']);
    await language.selectOption('fr');
    await expect(notice.locator('.summary')).toHaveText(FRENCH_SUMMARY);
    // The interface follows the notice into French: headings, the switcher's label, buttons.
    await expect(page.getByRole('heading', { level: 1, name: 'Vos choix de confidentialité' })).toBeVisible();
    await expect(page.getByLabel('Langue de la politique')).toHaveValue('fr');
    await expect(page.getByRole('button', { name: 'Télécharger mon relevé' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await screenshot(page, testInfo, 'privacy-center-fr-1280');
    await page.getByRole('switch', { name: 'E-mails commerciaux', exact: true }).click();
    await expect
      .poll(async () => (await recordLocales(request, subjectId)).find((r) => r.purposeKey === 'marketing-email'))
      .toEqual({ purposeKey: 'marketing-email', locale: 'fr' });
    await page.setViewportSize({ width: 320, height: 900 });
    await page.evaluate(() => document.getElementById('notice-heading')?.scrollIntoView());
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await screenshot(page, testInfo, 'privacy-center-fr-320', false);
  });
});

test.describe('a Polish browser', () => {
  test.use({ locale: 'pl-PL', timezoneId: 'Europe/Warsaw' });

  test('sees the interface in Polish around a notice that has no Polish text, at 1280 and 320 px', async ({
    page,
    request,
  }, testInfo) => {
    const { token } = await mintSubjectToken(request, uniqueSubjectId('pl-browser'));
    await page.goto(`/#token=${encodeURIComponent(token)}`);
    await expect(page.getByRole('heading', { level: 1, name: 'Twoje ustawienia prywatności' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'pl');
    await expect(page.getByRole('heading', { level: 2, name: 'Twoja historia' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Pobierz mój rejestr' })).toBeVisible();
    // The notice itself falls back to a language it has; only the interface is Polish.
    const notice = page.locator('#notice-heading').locator('xpath=..');
    await expect(notice.locator('.summary')).not.toHaveAttribute('lang', 'pl');
    await screenshot(page, testInfo, 'privacy-center-pl-1280');
    await page.setViewportSize({ width: 320, height: 900 });
    // Nothing wider than the screen: long Polish words wrap instead of overflowing.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await screenshot(page, testInfo, 'privacy-center-pl-320');
  });
});

test.describe('staff console insights', () => {
  test.use({ locale: 'en-US', timezoneId: 'UTC' });

  test('the plain-language check flags a long sentence while the admin types', async ({ page, request }, testInfo) => {
    // Types a long sentence key by key: more than the default 30 s on a loaded 2-core machine.
    test.setTimeout(90_000);
    await signIn(page, await adminKey(request, 'e2e readability'));
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Notices' }).click();
    await page.getByRole('button', { name: /^Draft version \d+$/ }).click();
    const panel = page.getByTestId('readability-panel');
    await expect(panel).toContainText('read plainly enough to publish');

    const long =
      'We count which pages you open and how long you stay on each of them and which buttons you press so that our ' +
      'team can see what works and what does not work well for people like you.';
    const description = page
      .locator('[data-purpose="analytics"]')
      .getByLabel(/^Description in version \d+(, English \(en\))?$/);
    await description.fill('');
    await description.pressSequentially(`${long} We use it to improve the product.`, { delay: 5 });
    const flagged = panel.getByTestId('readability-item');
    await expect(flagged).toContainText('Needs work');
    await expect(flagged.locator('mark')).toHaveText(long);
    await expect(flagged).toContainText(/A sentence of \d+ words/);
    await flagged.scrollIntoViewIfNeeded();
    await screenshot(page, testInfo, 'staff-readability-1280', false);
  });

  test('the overview draws a seeded week as charts, with the same numbers in tables', async ({
    page,
    request,
  }, testInfo) => {
    test.setTimeout(90_000);
    // A week of answers for analytics, on the six days before today (other journeys write today).
    const today = Date.now();
    const seeded = new Map<string, number>();
    for (let back = 6; back >= 1; back--) {
      const day = new Date(today - back * DAY_MS);
      const dayText = day.toISOString().slice(0, 10);
      const grants = 1 + (back % 3);
      seeded.set(dayText, grants);
      for (let i = 0; i < grants + 2; i++) {
        const subjectId = uniqueSubjectId(`week-${back}-${i}`);
        const action = i < grants ? 'grantConsent' : i === grants ? 'refuseConsent' : 'withdrawConsent';
        await gql(request, `mutation($i: ConsentInput!) { ${action}(input: $i) { id } }`, {
          i: {
            subjectId,
            purposeKey: 'analytics',
            channel: i % 2 ? 'MOBILE' : 'WEB',
            method: 'e2e/seeded-week',
            evidence: { e2e: 'seeded week' },
            occurredAt: new Date(Date.parse(`${dayText}T10:00:00.000Z`) + i * 60_000).toISOString(),
            locale: ['en', 'de', 'fr'][i % 3],
          },
        });
      }
    }

    await signIn(page, await adminKey(request, 'e2e overview'));
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Purposes' }).click();
    const overview = page.getByTestId('consent-overview');
    await overview.getByLabel('Purpose').selectOption('analytics');
    await overview.getByLabel('Period').selectOption('7');
    await expect(overview.locator('.recharts-surface').first()).toBeVisible();
    await expect(overview.locator('.recharts-bar-rectangle').first()).toBeVisible();
    const perDay = overview.getByRole('table', { name: /answers per day/ });
    for (const [day, grants] of seeded) {
      const cells = perDay.getByRole('row', { name: new RegExp(day) }).getByRole('cell');
      expect(Number(await cells.nth(0).textContent())).toBeGreaterThanOrEqual(grants);
      expect(Number(await cells.nth(1).textContent())).toBeGreaterThanOrEqual(1);
    }
    await expect(overview.getByRole('table', { name: /answers per language/ })).toContainText('French (fr)');
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, testInfo, 'staff-overview-1280');
    await page.setViewportSize({ width: 320, height: 900 });
    await expect(overview.locator('.recharts-surface').first()).toBeVisible();
    await overview.getByRole('heading', { name: 'Answers over time' }).scrollIntoViewIfNeeded();
    await page.evaluate(() => document.getElementById('overview-heading')?.scrollIntoView());
    await screenshot(page, testInfo, 'staff-overview-320', false);
    await page.evaluate(() => window.scrollBy(0, 850));
    await screenshot(page, testInfo, 'staff-overview-320-more', false);
  });
});
