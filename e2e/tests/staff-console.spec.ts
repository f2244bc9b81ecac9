import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';

// The staff console at /staff: a support agent and an admin, in Debian's Chromium.
// Data is set up through the API; only the journey under test is clicked. Other journeys
// share the server and may publish notices, so versions are read, not assumed.

test.use({ locale: 'en-US', timezoneId: 'UTC' });

const ADMIN_TOKEN = process.env.ASSENT_ADMIN_TOKEN ?? 'e2e-admin-token-0001';

/** One GraphQL call; fails the test on any error. */
async function gql<T>(
  request: APIRequestContext,
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const response = await request.post('/graphql', {
    data: { query, variables },
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  return body.data as T;
}

/** A subject who granted two purposes in the privacy center (as the subject, through the API). */
async function subjectWithGrants(request: APIRequestContext, purposeKeys: string[]) {
  const subjectId = `e2e-staff-${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
  const { issueSubjectToken } = await gql<{ issueSubjectToken: { token: string } }>(
    request,
    ADMIN_TOKEN,
    'mutation Mint($subjectId: ID!) { issueSubjectToken(subjectId: $subjectId, ttlSeconds: 3600) { token } }',
    { subjectId },
  );
  for (const purposeKey of purposeKeys) {
    await gql(
      request,
      issueSubjectToken.token,
      'mutation Grant($input: ConsentInput!) { grantConsent(input: $input) { id } }',
      {
        input: { purposeKey, channel: 'WEB', method: 'privacy-center/toggle' },
      },
    );
  }
  return { subjectId, subjectToken: issueSubjectToken.token };
}

async function createKey(request: APIRequestContext, role: 'SUPPORT' | 'ADMIN', name: string): Promise<string> {
  const { createApiKey } = await gql<{ createApiKey: { secret: string } }>(
    request,
    ADMIN_TOKEN,
    'mutation Key($role: Role!, $name: String!) { createApiKey(role: $role, name: $name) { secret } }',
    {
      role,
      name,
    },
  );
  return createApiKey.secret;
}

/** Serious and critical axe findings, reduced to what a failure message needs. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/** Every console error and uncaught exception of the page, to be empty at the end. */
function collectConsoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function signIn(page: Page, key: string) {
  await page.goto('/staff/');
  // People sign in with their staff account; an API key (machines, bootstrap) is one click further.
  await page.getByText('Sign in with an API key instead').click();
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in with the key' }).click();
}

async function findSubject(page: Page, subjectId: string) {
  await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Subjects' }).click();
  await page.getByLabel('Subject ID').fill(subjectId);
  await page.getByRole('button', { name: 'Find subject' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Subject ${subjectId}`);
}

test.describe('staff console', () => {
  test('an invalid key is refused with a clear message', async ({ page }) => {
    const consoleErrors = collectConsoleErrors(page);
    await signIn(page, 'assent_sk_not-a-real-key');
    await expect(page.getByRole('alert')).toContainText('This key is not valid');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  test('support records an offline withdrawal and exports it; an admin publishes a re-consent notice', async ({
    page,
    request,
  }, testInfo) => {
    // A long journey with four axe scans: well over the default 30 s on a 2-core machine (and 2 min when it is loaded).
    test.setTimeout(180_000);
    const consoleErrors = collectConsoleErrors(page);
    const supportKey = await createKey(request, 'SUPPORT', 'e2e support agent');
    const { subjectId, subjectToken } = await subjectWithGrants(request, ['marketing-email', 'personalization']);

    // Support signs in: the key stays in this tab's sessionStorage, the role is shown.
    await signIn(page, supportKey);
    await expect(page.getByTestId('role')).toContainText('Support');
    expect(await page.evaluate(() => Object.keys(localStorage))).toEqual([]);

    // Finds the subject and sees the grant made in the privacy center.
    await findSubject(page, subjectId);
    const marketing = page.getByRole('row', { name: /Marketing emails/ });
    await expect(marketing).toContainText('Granted');
    await expect(marketing).toContainText('Allowed — consent granted');
    await expect(page.getByTestId('ledger-badge')).toContainText('Verified');
    const grant = page.getByTestId('timeline-entry').filter({ hasText: 'Granted consent · Marketing emails' });
    await expect(grant.getByTestId('actor')).toHaveText('The person (subject)');
    await expect(grant).toContainText('Web · privacy-center/toggle');

    // The exact text the person saw is one click away.
    await grant.getByRole('button', { name: /Show the text seen in v\d+/ }).click();
    await expect(grant.locator('blockquote')).toContainText('Marketing emails');

    // Records the withdrawal that came in on a paper form, with evidence.
    await page.getByRole('button', { name: 'Record consent given or withdrawn offline' }).click();
    const form = page.getByRole('form', { name: 'Offline decision' });
    await form.getByRole('radio', { name: 'Withdrew consent' }).check();
    await form.getByLabel('Purpose').selectOption('marketing-email');
    await form.getByRole('button', { name: 'Review' }).click();
    await expect(form.getByRole('alert')).toContainText('Enter the reference number');
    await form.getByLabel('Reference number (evidence)').fill('FORM-2291');
    await form
      .getByLabel('Note (evidence)')
      .fill('Signed withdrawal form received by post; signature matches the one on file.');
    await form.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByTestId('offline-review')).toContainText('Withdrew consent for Marketing emails');
    await page.getByRole('button', { name: 'Record withdrawal' }).click();
    await expect(page.getByText(/Recorded: consent withdrawn for Marketing emails/)).toBeVisible();

    // It is in the timeline as SUPPORT, with its evidence, and the status followed.
    const withdrawal = page.getByTestId('timeline-entry').filter({ hasText: 'Withdrew consent · Marketing emails' });
    await expect(withdrawal.getByTestId('actor')).toContainText('Support staff');
    await expect(withdrawal).toContainText('Offline · staff-console/offline-form');
    await expect(withdrawal).toContainText('FORM-2291');
    await expect(marketing).toContainText('Withdrawn');
    await expect(marketing).toContainText('Not allowed — consent withdrawn');
    await expect(page.getByTestId('ledger-badge')).toContainText('intact over 3 records');

    // A refusal given by phone for a purpose never decided: asked and said no, which is not a withdrawal (1.1).
    const research = page.getByRole('row', { name: /Research and surveys/ });
    await expect(research).toContainText('Not given');
    await form.getByRole('radio', { name: 'Said no' }).check();
    await form.getByLabel('Purpose').selectOption('research');
    await form.getByLabel('Reference number (evidence)').fill('CALL-7710');
    await form.getByLabel('Note (evidence)').fill('Asked on the phone about surveys; the person said no.');
    await form.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByTestId('offline-review')).toContainText('Said no for Research and surveys');
    await page.getByRole('button', { name: 'Record refusal' }).click();
    await expect(page.getByText(/Recorded: said no \(refused\) for Research and surveys/)).toBeVisible();
    const refusal = page
      .getByTestId('timeline-entry')
      .filter({ hasText: 'Said no (refused consent) · Research and surveys' });
    await expect(refusal.getByTestId('actor')).toContainText('Support staff');
    await expect(refusal).toContainText('CALL-7710');
    await expect(research).toContainText('Refused (asked and said no)');
    await expect(research).toContainText('Not allowed — asked and said no (refused)');
    await expect(page.getByTestId('ledger-badge')).toContainText('intact over 4 records');
    await expect(page.getByRole('button', { name: /edit|delete/i })).toHaveCount(0);

    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath('subject-page.png'), fullPage: true });

    // The JSON export (every page) contains it.
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export JSON' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^assent-ledger-e2e-staff-.*\.json$/);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
      subjectId: string;
      records: {
        action: string;
        purposeKey: string;
        channel: string;
        actor: { kind: string };
        evidence: { reference?: string } | null;
      }[];
    };
    expect(exported.subjectId).toBe(subjectId);
    expect(exported.records).toHaveLength(4);
    expect(exported.records).toContainEqual(
      expect.objectContaining({
        action: 'WITHDRAW',
        purposeKey: 'marketing-email',
        channel: 'OFFLINE',
        actor: expect.objectContaining({ kind: 'SUPPORT' }),
        evidence: expect.objectContaining({ reference: 'FORM-2291' }),
      }),
    );
    expect(exported.records).toContainEqual(
      expect.objectContaining({
        action: 'REFUSE',
        purposeKey: 'research',
        channel: 'OFFLINE',
        actor: expect.objectContaining({ kind: 'SUPPORT' }),
        evidence: expect.objectContaining({ reference: 'CALL-7710' }),
      }),
    );

    // Admin pages explain themselves to a support key instead of showing nothing.
    await page
      .getByRole('navigation', { name: 'Console sections' })
      .getByRole('link', { name: /API keys/ })
      .click();
    await expect(page.getByTestId('forbidden')).toContainText('Managing API keys needs an Admin key');
    expect(await seriousViolations(page)).toEqual([]);

    // An admin publishes a notice that rewords personalisation and asks for fresh consent.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, ADMIN_TOKEN);
    await expect(page.getByTestId('role')).toContainText('Admin');
    await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Notices' }).click();
    await page.getByRole('button', { name: /^Draft version \d+$/ }).click();
    const personalization = page.locator('[data-purpose="personalization"]');
    const description = personalization.getByLabel(/^Description in version \d+(, English \(en\))?$/);
    await description.fill(`${await description.inputValue()} We now also use your location. (${Date.now()})`);
    await expect(personalization).toContainText('Suggested: the wording of this consent purpose changed');
    await expect(personalization.locator('ins')).toContainText('location');
    await personalization.getByRole('checkbox', { name: 'Requires re-consent' }).check();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Review and publish…' }).click();
    await expect(page.getByTestId('publish-review')).toContainText(
      'Re-consent required for: Personalised recommendations.',
    );
    await page.getByRole('button', { name: /^Publish version \d+ now$/ }).click();
    await expect(page.getByRole('status').filter({ hasText: /Version \d+ is published/ })).toBeVisible();

    // The other admin pages pass the same accessibility bar.
    for (const [link, heading] of [
      ['Purposes', 'All purposes'],
      ['API keys', 'Keys'],
      ['Webhooks', 'Register a webhook'],
    ] as const) {
      await page.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: link }).click();
      await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
      expect(await seriousViolations(page), `axe on ${link}`).toEqual([]);
    }

    // The person will be asked again.
    const { me } = await gql<{
      me: { needsPrompt: boolean; purposes: { status: string; needsPrompt: boolean; purpose: { key: string } }[] };
    }>(request, subjectToken, '{ me { needsPrompt purposes { status needsPrompt purpose { key } } } }');
    expect(me.needsPrompt).toBe(true);
    expect(me.purposes.find((item) => item.purpose.key === 'personalization')).toMatchObject({
      status: 'RECONSENT_REQUIRED',
      needsPrompt: true,
    });

    // And staff see it on the subject page.
    await findSubject(page, subjectId);
    await expect(page.getByRole('row', { name: /Personalised recommendations/ })).toContainText('Re-consent required');

    expect(consoleErrors).toEqual([]);
  });

  test('an admin erases a person: a reason is required, the confirmation names what will be lost, decisions then say SUBJECT_ERASED', async ({
    page,
    request,
  }) => {
    // Two axe scans and four screenshots: more than the default 30 s on a loaded 2-core machine.
    test.setTimeout(90_000);
    const consoleErrors = collectConsoleErrors(page);
    const { subjectId } = await subjectWithGrants(request, ['marketing-email', 'analytics']);
    await signIn(page, await createKey(request, 'ADMIN', 'e2e erasure admin'));
    await findSubject(page, subjectId);

    const section = page.getByRole('region', { name: 'Erase this person' });
    await section.getByRole('button', { name: 'Erase this person…' }).click();
    await section.getByRole('button', { name: 'Review the erasure' }).click();
    await expect(section.getByText(/Say why this person is erased/)).toBeVisible();

    await section.getByLabel('Reason (required)').fill('Art. 17 request, ticket 4711');
    await section.getByRole('button', { name: 'Review the erasure' }).click();
    const confirm = section.getByRole('group', { name: /This cannot be undone/ });
    await expect(confirm).toContainText('all 2 entries');
    await expect(confirm).toContainText('Marketing emails');
    expect(await seriousViolations(page), 'axe on the erasure confirmation').toEqual([]);
    for (const width of [320, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await confirm.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-results/erase-confirm-${width}.png` });
    }

    await confirm.getByRole('button', { name: 'Erase for good' }).click();
    await expect(section.getByRole('status')).toContainText('2 entries can no longer be read');
    await page.screenshot({ path: 'test-results/erase-done-1280.png' });

    const { decide } = await gql<{ decide: { allowed: boolean; reason: string } }>(
      request,
      ADMIN_TOKEN,
      'query($s: ID!) { decide(subjectId: $s, purposeKey: "marketing-email") { allowed reason } }',
      { s: subjectId },
    );
    expect(decide).toEqual({ allowed: false, reason: 'SUBJECT_ERASED' });
    expect(consoleErrors).toEqual([]);
  });
});
