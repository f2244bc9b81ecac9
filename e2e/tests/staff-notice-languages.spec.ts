import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { gql, mintSubjectToken, uniqueSubjectId } from './support/assent-api';

// Issue 17, the staff console's side: an admin drafts the next notice in English, German and French side by side,
// sees the language still to write flagged, completes it, reads each language's plain-language check and diff, and
// publishes; a German browser then reads the new version in German. Runs after staff-console.spec.ts (it publishes).

async function screenshot(page: Page, testInfo: TestInfo, name: string, fullPage = true) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage });
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (dir) {
    mkdirSync(dir, { recursive: true });
    await page.screenshot({ path: `${dir}/${name}.png`, fullPage });
  }
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ id: violation.id, targets: violation.nodes.map((node) => node.target.join(' ')) }));
}

const GERMAN_ADDITION = 'Sie können das jederzeit in Ihrem Konto ausschalten.';

interface NoticeTexts {
  version: number;
  locale: string;
  summary: string;
  purposes: { purposeKey: string; title: string; description: string; requiresReconsent: boolean }[];
}

/**
 * Makes the newest notice one in English, German and French: other specs publish versions in English only, and this
 * one starts from a draft of every language of the newest version. The German and French texts are the newest ones
 * published in those languages (the demo notice's, at least), English where a purpose has none yet.
 */
async function ensureThreeLanguages(request: APIRequestContext): Promise<void> {
  const texts = `version locale summary purposes { purposeKey title description requiresReconsent }`;
  const { currentNotice } = await gql<{ currentNotice: NoticeTexts & { availableLocales: string[] } }>(
    request,
    `{ currentNotice(locale: "en") { availableLocales ${texts} } }`,
  );
  if (['de', 'fr'].every((l) => currentNotice.availableLocales.includes(l))) return;
  const translation = async (locale: string) => {
    const { noticeVersions } = await gql<{ noticeVersions: NoticeTexts[] }>(
      request,
      `query V($l: String!) { noticeVersions(locale: $l) { ${texts} } }`,
      { l: locale },
    );
    const newest = noticeVersions.find((v) => v.locale === locale);
    if (!newest) throw new Error(`no notice version was ever published in ${locale}`);
    const byKey = new Map(newest.purposes.map((p) => [p.purposeKey, p]));
    return {
      locale,
      summary: newest.summary,
      purposes: currentNotice.purposes.map((p) => {
        const t = byKey.get(p.purposeKey) ?? p;
        return { purposeKey: p.purposeKey, title: t.title, description: t.description };
      }),
    };
  };
  await gql(request, 'mutation P($i: PublishNoticeInput!) { publishNotice(input: $i) { version } }', {
    i: {
      summary: currentNotice.summary,
      defaultLocale: 'en',
      purposes: currentNotice.purposes.map(({ purposeKey, title, description }) => ({
        purposeKey,
        title,
        description,
        requiresReconsent: false,
      })),
      translations: [await translation('de'), await translation('fr')],
      acceptReadabilityIssues: true,
    },
  });
}

test.describe('notice languages in the staff console', () => {
  test.use({ locale: 'en-US', timezoneId: 'UTC' });

  test('an admin drafts en + de + fr side by side, completes the incomplete language, and publishes; a German browser reads it', async ({
    page,
    request,
    browser,
  }, testInfo) => {
    test.setTimeout(120_000);
    const { createApiKey } = await gql<{ createApiKey: { secret: string } }>(
      request,
      'mutation K($name: String!) { createApiKey(role: ADMIN, name: $name) { secret } }',
      { name: 'e2e notice languages' },
    );
    await ensureThreeLanguages(request);
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/staff/');
    // People sign in with an account; the API-key form is folded below it.
    await page.getByText('Sign in with an API key instead').click();
    await page.getByLabel('API key').fill(createApiKey.secret);
    await page.getByRole('button', { name: 'Sign in with the key' }).click();
    await expect(page.getByTestId('role')).toContainText('Admin');
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Notices' }).click();
    await page.getByRole('button', { name: /^Draft version \d+$/ }).click();

    // Every language of the latest version is a column, prefilled and complete.
    const languages = page.getByTestId('draft-languages');
    for (const locale of ['en', 'de', 'fr'])
      await expect(languages.getByTestId(`language-${locale}`)).toContainText('Complete');
    const rows = page.locator('[data-purpose]');
    const keys = await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-purpose')!));
    const frenchSummary = await page.getByLabel('Summary, Français (fr)').inputValue();
    const french = new Map<string, [string, string]>();
    for (const key of keys) {
      const row = page.locator(`[data-purpose="${key}"]`);
      french.set(key, [
        await row.getByLabel(/^Title in version \d+, Français \(fr\)$/).inputValue(),
        await row.getByLabel(/^Description in version \d+, Français \(fr\)$/).inputValue(),
      ]);
    }

    // French removed and added again from the picker (native names): it starts empty and is flagged.
    await languages.getByRole('button', { name: 'Remove Français (fr)' }).click();
    await expect(languages.getByTestId('language-fr')).toHaveCount(0);
    await languages.getByLabel('Add a language').selectOption({ label: 'Français (fr)' });
    await languages.getByRole('button', { name: 'Add language' }).click();
    await expect(languages.getByTestId('language-fr')).toContainText('Incomplete');
    await expect(languages.getByTestId('language-fr')).toContainText('Missing: summary');
    await page.getByRole('button', { name: 'Review and publish…' }).click();
    await expect(page.getByRole('alert')).toContainText('Write the summary in fr.');
    await expect(page.getByLabel('Summary, Français (fr)')).toBeFocused();
    await screenshot(page, testInfo, 'staff-notice-languages-incomplete-1280', false);

    // Completing it.
    await page.getByLabel('Summary, Français (fr)').fill(frenchSummary);
    for (const [key, [title, description]] of french) {
      const row = page.locator(`[data-purpose="${key}"]`);
      await row.getByLabel(/^Title in version \d+, Français \(fr\)$/).fill(title);
      await row.getByLabel(/^Description in version \d+, Français \(fr\)$/).fill(description);
    }
    await expect(languages.getByTestId('language-fr')).toContainText('Complete');

    // A German change: diffed against the published German text, checked in the German column.
    const analytics = page.locator('[data-purpose="analytics"]');
    const german = analytics.getByLabel(/^Description in version \d+, Deutsch \(de\)$/);
    await german.fill(`${await german.inputValue()} ${GERMAN_ADDITION}`);
    const deCell = analytics.locator('[data-locale="de"]');
    await expect(deCell).toContainText('Reworded');
    await expect(deCell.locator('ins')).toContainText('ausschalten');
    await expect(analytics.locator('[data-locale="en"]')).toContainText('Unchanged');
    const panel = page.getByTestId('readability-panel');
    await expect(panel).toContainText('read plainly enough to publish', { timeout: 15_000 });
    for (const locale of ['en', 'de', 'fr'])
      await expect(panel.getByTestId(`readability-${locale}`)).toContainText(
        /texts? reads? plainly\. Lowest reading ease of the summary and descriptions: -?\d+/,
      );
    expect(await seriousViolations(page)).toEqual([]);
    await analytics.scrollIntoViewIfNeeded();
    await screenshot(page, testInfo, 'staff-notice-languages-1280', false);
    await page.setViewportSize({ width: 320, height: 900 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await analytics.scrollIntoViewIfNeeded();
    await screenshot(page, testInfo, 'staff-notice-languages-320', false);
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.getByRole('button', { name: 'Review and publish…' }).click();
    await page.getByRole('button', { name: /^Publish version \d+ now$/ }).click();
    const published = page.getByRole('status').filter({ hasText: /Version \d+ is published/ });
    await expect(published).toBeVisible();
    const version = Number(/Version (\d+)/.exec((await published.textContent()) ?? '')![1]);

    // A German browser reads the new version, in German.
    const context = await browser.newContext({ locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    try {
      const reader = await context.newPage();
      const { token } = await mintSubjectToken(request, uniqueSubjectId('de-new-version'));
      await reader.goto(`/#token=${encodeURIComponent(token)}`);
      const notice = reader.locator('#notice-heading').locator('xpath=..');
      await expect(notice.locator('.summary')).toHaveAttribute('lang', 'de');
      await expect(notice).toContainText(`Version ${version}`);
      await expect(reader.getByText(GERMAN_ADDITION, { exact: false })).toBeVisible();
      await screenshot(reader, testInfo, 'privacy-center-de-new-version-1280');
    } finally {
      await context.close();
    }
  });
});
