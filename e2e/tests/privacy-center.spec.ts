import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Page } from '@playwright/test';
import {
  activeConsentPurposes,
  catalogue,
  decide,
  decideAllAsAdmin,
  gql,
  grantAsAdmin,
  history,
  meAsSubject,
  mintSubjectToken,
  publishChangedDescription,
  titleOf,
  uniqueSubjectId,
} from './support/assent-api';
import { expect, test } from './support/page-guards';

// The journeys of a person who opens the privacy center from a link minted by the product.
// Data is set up through the API; only the journey under test is clicked. Tests share one
// server and other journeys may publish notices, so texts and versions are read, not assumed.

test.use({ locale: 'en-US', timezoneId: 'UTC' });

const TEXT = {
  pageTitle: 'Your privacy choices',
  notice: 'Our privacy notice',
  consents: 'Choices that need your consent',
  otherBases: 'Processing that does not need your consent',
  history: 'Your history',
  prompt: 'Our privacy notice has changed',
  missingTitle: 'This link is incomplete',
  expiredTitle: 'This link has expired or is not valid',
};

/** How the page formats a notice date (en, long), in the browser's time zone set above. */
const longDate = (iso: string) => new Date(iso).toLocaleDateString('en', { dateStyle: 'long', timeZone: 'UTC' });

/** Mints a token for a fresh subject and opens the privacy center with it, as the product's link does. */
async function openAsNewSubject(page: Page, request: APIRequestContext, label: string) {
  const subjectId = uniqueSubjectId(label);
  const { token } = await mintSubjectToken(request, subjectId);
  await openWithToken(page, token);
  return { subjectId, token };
}

async function openWithToken(page: Page, token: string) {
  await page.goto(`/#token=${encodeURIComponent(token)}`);
  await expect(page.getByRole('heading', { level: 1, name: TEXT.pageTitle, exact: true })).toBeVisible();
  await expect(
    page.getByRole('region', { name: TEXT.consents, exact: true }).getByRole('switch').first(),
  ).toBeVisible();
}

/** Serious and critical axe findings, reduced to what a failure message needs. */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/** The page must not show what only a developer should see. */
async function expectNoRawErrors(page: Page) {
  const text = await page.locator('body').innerText();
  for (const raw of [
    'UNAUTHENTICATED',
    'The token is not valid',
    'Authorization header',
    'ApiError',
    'Error:',
    'undefined',
    'GraphQL',
  ]) {
    expect(text, `the page shows "${raw}"`).not.toContain(raw);
  }
  expect(text).not.toMatch(/\bat \S+ \(?\S+:\d+:\d+\)?/); // a stack frame
}

// Minted before the first test with a 2 s lifetime, so that by the last one it has run out on the server
// (the server checks expiry itself, so a browser clock cannot help).
let expiring: { token: string; expiresAt: string } | undefined;
test.beforeAll(async ({ playwright }) => {
  const api = await playwright.request.newContext({ baseURL: `http://127.0.0.1:${process.env.E2E_PORT ?? 4710}` });
  expiring = await mintSubjectToken(api, uniqueSubjectId('expiring'), 2);
  await api.dispose();
});

test.describe('privacy center', () => {
  test('a #token link opens the page, leaves the address bar, and shows the notice, unticked switches and the other bases', async ({
    page,
    request,
  }) => {
    const { purposes, currentNotice } = await catalogue(request);
    await openAsNewSubject(page, request, 'arrive');

    expect(page.url()).not.toContain('token=');
    expect(new URL(page.url()).hash).toBe('');

    const notice = page.getByRole('region', { name: TEXT.notice, exact: true });
    await expect(notice).toContainText(
      `Version ${currentNotice.version}, published ${longDate(currentNotice.publishedAt)}`,
    );
    await expect(notice.locator('.summary')).toHaveText(currentNotice.summary);

    const active = purposes.filter((purpose) => purpose.active);
    const consentPurposes = active.filter((purpose) => purpose.requiresConsent);
    const otherPurposes = active.filter((purpose) => !purpose.requiresConsent);
    expect(consentPurposes.map((purpose) => purpose.key)).toEqual(
      expect.arrayContaining(['analytics', 'marketing-email']),
    );
    expect(otherPurposes.map((purpose) => purpose.key)).toContain('tax-records');

    const consents = page.getByRole('region', { name: TEXT.consents, exact: true });
    await expect(consents.getByRole('switch')).toHaveCount(consentPurposes.length);
    await expect(page.getByRole('switch')).toHaveCount(consentPurposes.length);
    for (const purpose of consentPurposes) {
      const toggle = consents.getByRole('switch', { name: purpose.title, exact: true });
      await expect(toggle).toHaveCount(1);
      await expect(toggle).not.toBeChecked();
    }

    const others = page.getByRole('region', { name: TEXT.otherBases, exact: true });
    await expect(others.getByRole('heading', { level: 3 })).toHaveText(otherPurposes.map((purpose) => purpose.title));
    await expect(
      others.getByRole('heading', { level: 3, name: 'Tax and accounting records', exact: true }),
    ).toBeVisible();
    await expect(others.getByRole('listitem').filter({ hasText: 'Tax and accounting records' })).toContainText(
      'Required by law, e.g. tax law.',
    );
    await expect(others.getByRole('switch')).toHaveCount(0);
    for (const purpose of otherPurposes) {
      await expect(page.getByRole('switch', { name: purpose.title, exact: true })).toHaveCount(0);
    }
    await expect(page.getByRole('region', { name: TEXT.prompt })).toHaveCount(0);
  });

  test('one click grants and one click withdraws, with no confirmation, and the history lists both newest first', async ({
    page,
    request,
    problems,
  }) => {
    const { subjectId } = await openAsNewSubject(page, request, 'toggle');
    const { currentNotice } = await catalogue(request);
    const title = await titleOf(request, 'marketing-email');
    const toggle = page.getByRole('switch', { name: title, exact: true });
    const row = page.getByRole('listitem').filter({ has: toggle });

    await toggle.click();
    await expect(toggle).toBeChecked();
    await expect(row).toContainText('Allowed');
    await expect.poll(async () => (await decide(request, subjectId, 'marketing-email')).reason).toBe('CONSENT_GRANTED');
    const granted = await decide(request, subjectId, 'marketing-email');
    expect(granted).toMatchObject({
      allowed: true,
      reason: 'CONSENT_GRANTED',
      record: {
        action: 'GRANT',
        channel: 'WEB',
        method: 'privacy-center/toggle',
        actor: { kind: 'SUBJECT', id: subjectId },
        noticeVersion: { id: currentNotice.id },
      },
    });

    await toggle.click();
    await expect(toggle).not.toBeChecked();
    await expect(row).toContainText('Not allowed');
    await expect
      .poll(async () => (await decide(request, subjectId, 'marketing-email')).reason)
      .toBe('CONSENT_WITHDRAWN');
    const withdrawn = await decide(request, subjectId, 'marketing-email');
    expect(withdrawn).toMatchObject({
      allowed: false,
      reason: 'CONSENT_WITHDRAWN',
      record: {
        action: 'WITHDRAW',
        channel: 'WEB',
        method: 'privacy-center/toggle',
        actor: { kind: 'SUBJECT', id: subjectId },
      },
    });

    expect(problems.dialogs).toEqual([]);
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
    await expect(page.getByRole('alert')).toHaveCount(0);

    const ledger = await history(request, subjectId);
    expect(ledger.records.map(({ id, action, method }) => ({ id, action, method }))).toEqual([
      { id: withdrawn.record!.id, action: 'WITHDRAW', method: 'privacy-center/toggle' },
      { id: granted.record!.id, action: 'GRANT', method: 'privacy-center/toggle' },
    ]);
    const historyRegion = page.getByRole('region', { name: TEXT.history, exact: true });
    const entries = historyRegion.getByRole('listitem');
    await expect(entries).toHaveCount(2);
    await expect(entries.nth(0).locator('.history-what')).toHaveText(`Withdrew: ${title}`);
    await expect(entries.nth(1).locator('.history-what')).toHaveText(`Granted: ${title}`);
    for (const entry of await entries.all()) {
      await expect(entry).toContainText('With a switch in this privacy center');
      await expect(entry).toContainText(`Version ${currentNotice.version}`);
    }
    await expect(historyRegion.getByRole('status')).toHaveText('Showing 2 of 2 entries');
  });

  test('a first visit shows every switch off and "Accept all" and "Reject all" alike; "Say no" and "Reject all" record refusals, not asked again', async ({
    page,
    request,
    problems,
  }) => {
    const { subjectId, token } = await openAsNewSubject(page, request, 'first-visit');
    const consentPurposes = await activeConsentPurposes(request);
    const consents = page.getByRole('region', { name: TEXT.consents, exact: true });
    for (const toggle of await consents.getByRole('switch').all()) await expect(toggle).not.toBeChecked();
    await expect(page.getByRole('region', { name: TEXT.prompt })).toHaveCount(0);
    const acceptAll = consents.getByRole('button', { name: 'Accept all', exact: true });
    const rejectAll = consents.getByRole('button', { name: 'Reject all', exact: true });
    await expect(acceptAll).toBeVisible();
    await expect(rejectAll).toBeVisible();
    // Equally prominent: the same size and the same style.
    const [a, r] = [(await acceptAll.boundingBox())!, (await rejectAll.boundingBox())!];
    expect(Math.abs(a.height - r.height)).toBeLessThanOrEqual(1);
    expect(Math.abs(a.width - r.width)).toBeLessThanOrEqual(Math.max(a.width, r.width) * 0.35);
    expect(await acceptAll.getAttribute('class')).toBe(await rejectAll.getAttribute('class'));

    // "Say no" on an undecided purpose is a refusal, not a withdrawal.
    const title = await titleOf(request, 'marketing-email');
    await consents.getByRole('button', { name: `Say no to “${title}”`, exact: true }).click();
    await expect.poll(async () => (await decide(request, subjectId, 'marketing-email')).reason).toBe('CONSENT_REFUSED');
    expect((await decide(request, subjectId, 'marketing-email')).record).toMatchObject({
      action: 'REFUSE',
      channel: 'WEB',
      method: 'privacy-center/say-no',
      actor: { kind: 'SUBJECT', id: subjectId },
    });
    await expect(
      consents.getByRole('listitem').filter({ has: page.getByRole('switch', { name: title, exact: true }) }),
    ).toContainText('You said no');

    // "Reject all": one recordChoices call, a REFUSE for every consent purpose.
    await rejectAll.click();
    await expect(consents.getByRole('status').filter({ hasText: 'Saved:' })).toHaveText(
      'Saved: you said no to all of these. You can switch each one on at any time.',
    );
    const ledger = await history(request, subjectId);
    const rejected = ledger.records.filter((record) => record.method === 'privacy-center/reject-all');
    expect(rejected.map((record) => record.purposeKey).sort()).toEqual(
      consentPurposes.map((purpose) => purpose.key).sort(),
    );
    expect(rejected.every((record) => record.action === 'REFUSE' && record.channel === 'WEB')).toBe(true);
    for (const purpose of consentPurposes)
      expect((await decide(request, subjectId, purpose.key)).reason).toBe('CONSENT_REFUSED');

    // Decided: not asked again, and the page says what was chosen.
    expect((await meAsSubject(request, token)).needsPrompt).toBe(false);
    await page.reload();
    await expect(consents.getByRole('switch').first()).toBeVisible();
    await expect(consents.getByRole('button', { name: 'Accept all', exact: true })).toHaveCount(0);
    await expect(page.getByRole('region', { name: TEXT.prompt })).toHaveCount(0);
    for (const toggle of await consents.getByRole('switch').all()) await expect(toggle).not.toBeChecked();
    await expect(consents.getByRole('listitem').filter({ hasText: 'You said no' })).toHaveCount(consentPurposes.length);
    expect(problems.dialogs).toEqual([]);
  });

  test('keyboard only: Tab to a switch and Space grants', async ({ page, request }) => {
    const { subjectId } = await openAsNewSubject(page, request, 'keyboard');
    const title = await titleOf(request, 'marketing-email');
    const toggle = page.getByRole('switch', { name: title, exact: true });

    let presses = 0;
    while (!(await toggle.evaluate((element) => element === document.activeElement))) {
      expect(presses++, 'Tab presses to reach the switch').toBeLessThan(20);
      await page.keyboard.press('Tab');
    }
    await expect(toggle).toBeFocused();
    // A keyboard user sees where focus is.
    expect(await toggle.evaluate((element) => element.matches(':focus-visible'))).toBe(true);

    await page.keyboard.press('Space');
    await expect(toggle).toBeChecked();
    await expect.poll(async () => (await decide(request, subjectId, 'marketing-email')).reason).toBe('CONSENT_GRANTED');
    expect((await decide(request, subjectId, 'marketing-email')).record).toMatchObject({
      channel: 'WEB',
      method: 'privacy-center/toggle',
    });
    await expect(toggle).toBeFocused();
  });

  test('a material notice change prompts with old and new text; "Decide later" records nothing; Allow grants again', async ({
    page,
    context,
    request,
  }) => {
    const subjectId = uniqueSubjectId('reconsent');
    // A subject who has decided every purpose (1.1: an undecided purpose is asked about), analytics granted.
    await decideAllAsAdmin(request, subjectId, ['analytics']);
    const title = await titleOf(request, 'analytics');
    const { token } = await mintSubjectToken(request, subjectId);
    await openWithToken(page, token);
    const toggle = page.getByRole('switch', { name: title, exact: true });
    await expect(toggle).toBeChecked();
    await expect(page.getByRole('region', { name: TEXT.prompt })).toHaveCount(0);

    const before = (await catalogue(request)).currentNotice.purposes.find((text) => text.purposeKey === 'analytics')!;
    const added = `We now also keep the raw event stream for 13 months (change ${subjectId}).`;
    const { before: oldNotice, after: newNotice } = await publishChangedDescription(
      request,
      'analytics',
      `${before.description} ${added}`,
    );
    await expect.poll(async () => (await decide(request, subjectId, 'analytics')).reason).toBe('RECONSENT_REQUIRED');

    await page.reload();
    const prompt = page.getByRole('region', { name: TEXT.prompt, exact: true });
    await expect(prompt).toBeVisible();
    await expect(prompt).toContainText(`We updated our privacy notice (version ${newNotice.version}).`);
    // It lists exactly what the server says needs asking, among it the changed purpose.
    const asked = (await meAsSubject(request, token)).purposes.filter((item) => item.needsPrompt);
    expect(asked.map((item) => item.purpose.key)).toContain('analytics');
    const items = prompt.getByRole('listitem');
    await expect(items).toHaveCount(asked.length);
    const item = items.filter({ has: page.getByRole('heading', { level: 3, name: title }) });
    await expect(item.getByRole('heading', { level: 3 })).toHaveText(`${title} Changed`);
    await expect(item.locator('.compare-old .compare-label')).toHaveText(
      `Before (version ${oldNotice.version}, what you agreed to)`,
    );
    await expect(item.locator('.compare-old > p').last()).toHaveText(before.description);
    await expect(item.locator('.compare-old del')).toHaveCount(0);
    await expect(item.locator('.compare-new .compare-label')).toHaveText(`Now (version ${newNotice.version})`);
    await expect(item.locator('.compare-new > p').last()).toHaveText(`${before.description} ${added}`);
    await expect(item.locator('.compare-new ins')).toHaveText(added);
    const choice = item.getByRole('group', { name: `Your choice for “${title}”`, exact: true });
    await expect(choice.getByRole('button', { name: 'Allow', exact: true })).toHaveAttribute('aria-pressed', 'false');
    await expect(choice.getByRole('button', { name: 'Don’t allow', exact: true })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    // The old grant no longer counts, and the switch says so.
    await expect(toggle).not.toBeChecked();
    await expect(page.getByRole('listitem').filter({ has: toggle })).toContainText(
      'Not allowed: changed, needs your consent again',
    );

    // Decide later: nothing sent, nothing recorded, the prompt goes away.
    const countBefore = (await history(request, subjectId)).totalCount;
    const mutations: string[] = [];
    page.on('request', (sent) => {
      if (sent.url().endsWith('/graphql') && /\bmutation\b/.test(sent.postData() ?? ''))
        mutations.push(sent.postData()!);
    });
    await prompt.getByRole('button', { name: 'Decide later', exact: true }).click();
    await expect(prompt).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    await expect(toggle).not.toBeChecked();
    expect(mutations).toEqual([]);
    expect((await history(request, subjectId)).totalCount).toBe(countBefore);
    expect((await meAsSubject(request, token)).needsPrompt).toBe(true);

    // "Decide later" lasts for this tab's session (sessionStorage), by design: a reload keeps it away...
    await page.reload();
    await expect(toggle).toBeVisible();
    await expect(page.getByRole('region', { name: TEXT.prompt })).toHaveCount(0);
    // ...and the next visit asks again.
    const nextVisit = await context.newPage();
    await openWithToken(nextVisit, (await mintSubjectToken(request, subjectId)).token);
    const promptAgain = nextVisit.getByRole('region', { name: TEXT.prompt, exact: true });
    await expect(promptAgain).toBeVisible();
    expect((await history(request, subjectId)).totalCount).toBe(countBefore);

    // Allow: recorded from the prompt; purposes asked besides this one are declined.
    for (const other of asked.filter((entry) => entry.purpose.key !== 'analytics')) {
      await promptAgain
        .getByRole('group', { name: `Your choice for “${other.purpose.title}”` })
        .getByRole('button', { name: 'Don’t allow', exact: true })
        .click();
    }
    const allow = promptAgain
      .getByRole('group', { name: `Your choice for “${title}”`, exact: true })
      .getByRole('button', { name: 'Allow', exact: true });
    await allow.click();
    await expect(allow).toHaveAttribute('aria-pressed', 'true');
    await expect(promptAgain.getByRole('status').filter({ hasText: 'Thank you' })).toHaveText(
      'Thank you, your choices are saved.',
    );
    await promptAgain.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(nextVisit.getByRole('region', { name: TEXT.prompt })).toHaveCount(0);
    await expect(nextVisit.getByRole('switch', { name: title, exact: true })).toBeChecked();

    expect((await meAsSubject(request, token)).needsPrompt).toBe(false);
    expect(await decide(request, subjectId, 'analytics')).toMatchObject({
      allowed: true,
      reason: 'CONSENT_GRANTED',
      record: { action: 'GRANT', channel: 'WEB', method: 'privacy-center/prompt', noticeVersion: { id: newNotice.id } },
    });
    expect((await history(request, subjectId)).totalCount).toBe(countBefore + asked.length);

    // Back in the first tab, a reload finds nothing left to ask.
    await page.reload();
    await expect(toggle).toBeChecked();
    await expect(page.getByRole('region', { name: TEXT.prompt })).toHaveCount(0);
  });

  test.describe('a link that cannot be used shows a page that says so', () => {
    test('no token at all', async ({ page }) => {
      await page.goto('/');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(TEXT.missingTitle);
      await expect(page.getByRole('main')).toContainText(
        'Go back to your account settings and open the privacy center from there.',
      );
      await expect(page.getByRole('switch')).toHaveCount(0);
      await expectNoRawErrors(page);
    });

    test('a garbage token', async ({ page }) => {
      await page.goto('/#token=abc');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(TEXT.expiredTitle);
      expect(page.url()).not.toContain('token=');
      await expect(page.getByRole('main')).toContainText(
        'Go back to your account settings and open the privacy center again. Your choices are saved.',
      );
      await expect(page.getByRole('switch')).toHaveCount(0);
      await expectNoRawErrors(page);
    });
  });

  test('at 320 px wide nothing scrolls sideways and the switches work; the dark scheme renders', async ({
    page,
    request,
  }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    const { subjectId } = await openAsNewSubject(page, request, 'narrow');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

    const switches = page.getByRole('switch');
    expect(await switches.count()).toBeGreaterThan(0);
    for (const toggle of await switches.all()) {
      await toggle.scrollIntoViewIfNeeded();
      const box = (await toggle.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(320);
      expect(box.width).toBeGreaterThanOrEqual(24);
      expect(box.height).toBeGreaterThanOrEqual(24);
    }
    const title = await titleOf(request, 'marketing-email');
    const toggle = page.getByRole('switch', { name: title, exact: true });
    await toggle.click();
    await expect(toggle).toBeChecked();
    await expect.poll(async () => (await decide(request, subjectId, 'marketing-email')).reason).toBe('CONSENT_GRANTED');
    // The history entry and the prompt-free page still fit.
    await expect(page.getByRole('region', { name: TEXT.history, exact: true }).getByRole('listitem')).toHaveCount(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);

    const colours = () =>
      page.evaluate(() => {
        const body = getComputedStyle(document.body);
        const card = getComputedStyle(document.querySelector('.card')!);
        return { background: body.backgroundColor, text: body.color, card: card.backgroundColor };
      });
    expect(await colours()).toEqual({
      background: 'rgb(245, 246, 248)',
      text: 'rgb(27, 31, 36)',
      card: 'rgb(255, 255, 255)',
    });
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await colours()).toEqual({
      background: 'rgb(17, 20, 24)',
      text: 'rgb(232, 234, 237)',
      card: 'rgb(26, 31, 38)',
    });
    await expect(toggle).toBeChecked();
    await expect(toggle).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  });

  test('axe finds nothing serious on the page, light and dark, nor on the re-consent prompt', async ({
    page,
    request,
  }) => {
    // Four axe scans: well over the default 30 s on a busy 2-core machine.
    test.setTimeout(90_000);
    const subjectId = uniqueSubjectId('axe');
    // Every purpose decided (1.1: an undecided one would be asked about), so the first scans see the page without a prompt.
    const decided = await decideAllAsAdmin(request, subjectId, ['research']);
    const { token } = await mintSubjectToken(request, subjectId);
    await openWithToken(page, token);
    await expect(page.getByRole('region', { name: TEXT.prompt })).toHaveCount(0);
    // Some history, so its list and buttons are checked too.
    await expect(page.getByRole('region', { name: TEXT.history, exact: true }).getByRole('listitem')).toHaveCount(
      decided.length,
    );

    expect(await seriousViolations(page), 'light').toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page), 'dark').toEqual([]);

    const research = (await catalogue(request)).currentNotice.purposes.find((text) => text.purposeKey === 'research')!;
    await publishChangedDescription(
      request,
      'research',
      `${research.description.replace(/ We now also ask.*$/, '')} We now also ask about your experience with partners (${subjectId}).`,
    );
    await page.emulateMedia({ colorScheme: 'light' });
    await page.reload();
    await expect(page.getByRole('region', { name: TEXT.prompt, exact: true })).toBeVisible();
    expect(await seriousViolations(page), 'prompt, light').toEqual([]);
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await seriousViolations(page), 'prompt, dark').toEqual([]);
  });

  test('"Download my record" saves a JSON file with the subject\'s consents and every ledger entry', async ({
    page,
    request,
  }) => {
    const subjectId = uniqueSubjectId('download');
    await grantAsAdmin(request, subjectId, 'analytics');
    const { token } = await mintSubjectToken(request, subjectId);
    await openWithToken(page, token);
    const title = await titleOf(request, 'marketing-email');
    const toggle = page.getByRole('switch', { name: title, exact: true });
    await toggle.click();
    await expect.poll(async () => (await decide(request, subjectId, 'marketing-email')).reason).toBe('CONSENT_GRANTED');
    await expect(page.getByRole('region', { name: TEXT.history, exact: true }).getByRole('listitem')).toHaveCount(2);

    const downloadRegion = page.getByRole('region', { name: 'Download my record', exact: true });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      downloadRegion.getByRole('button', { name: 'Download my record', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^my-consent-record-\d{4}-\d{2}-\d{2}\.json$/);
    await expect(downloadRegion.getByRole('status')).toHaveText('Your file has been downloaded.');
    const file = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
      format: string;
      subjectId: string;
      currentNotice: { id: string; version: number };
      consents: { purposeKey: string; status: string; lastRecordId: string | null }[];
      history: {
        id: string;
        subjectId: string;
        purposeKey: string;
        action: string;
        method: string;
        evidence: unknown;
        hash: string;
        previousHash: string | null;
      }[];
    };

    const ledger = await history(request, subjectId);
    expect(ledger.totalCount).toBe(2);
    expect(file.format).toBe('assent/subject-record@1');
    expect(file.subjectId).toBe(subjectId);
    expect(file.currentNotice.id).toBe((await catalogue(request)).currentNotice.id);
    expect(file.history.map((entry) => entry.id)).toEqual(ledger.ids);
    expect(
      file.history.map(({ subjectId: owner, purposeKey, action, method }) => ({ owner, purposeKey, action, method })),
    ).toEqual([
      { owner: subjectId, purposeKey: 'marketing-email', action: 'GRANT', method: 'privacy-center/toggle' },
      { owner: subjectId, purposeKey: 'analytics', action: 'GRANT', method: 'e2e/setup' },
    ]);
    expect(file.history[1]!.evidence).toEqual({ source: 'privacy-center e2e setup' });
    // The two entries are one chain, newest pointing at the oldest.
    expect(file.history[1]!.previousHash).toBeNull();
    expect(file.history[0]!.previousHash).toBe(file.history[1]!.hash);

    const consentKeys = (await activeConsentPurposes(request)).map((purpose) => purpose.key);
    expect(file.consents.filter((consent) => consentKeys.includes(consent.purposeKey)).length).toBe(consentKeys.length);
    expect(file.consents.find((consent) => consent.purposeKey === 'marketing-email')).toMatchObject({
      status: 'GRANTED',
      lastRecordId: ledger.ids[0],
    });
    expect(file.consents.find((consent) => consent.purposeKey === 'tax-records')).toMatchObject({
      status: 'NOT_APPLICABLE',
      lastRecordId: null,
    });
  });

  test('"Who looked at your consents" lists a support agent\'s reads in plain words, not the person\'s own visits', async ({
    page,
    request,
  }) => {
    const subjectId = uniqueSubjectId('access-log');
    await grantAsAdmin(request, subjectId, 'analytics');
    const { createApiKey } = await gql<{ createApiKey: { secret: string } }>(
      request,
      'mutation { createApiKey(role: SUPPORT, name: "E2E helpdesk") { secret } }',
    );
    // A support agent looks the person up (as the staff console does): their current consents, then their history.
    await gql(request, 'query($s: ID!) { subject(id: $s) { subjectId } }', { s: subjectId }, createApiKey.secret);
    await gql(
      request,
      'query($s: ID!) { consentHistory(subjectId: $s) { totalCount } }',
      { s: subjectId },
      createApiKey.secret,
    );
    const { token } = await mintSubjectToken(request, subjectId);
    await openWithToken(page, token);
    const region = page.getByRole('region', { name: 'Who looked at your consents', exact: true });
    const entries = region.getByRole('listitem');
    // The person's own visit (this page load read their consents and history) is not listed.
    await expect(entries).toHaveCount(2);
    await expect(entries.nth(0)).toContainText('Our support team (E2E helpdesk)');
    await expect(entries.nth(0)).toContainText('Looked at your history');
    await expect(entries.nth(1)).toContainText('Looked at your current choices');
    await expect(region).not.toContainText('127.0.0.1');
    await expectNoRawErrors(page);
  });

  // Last in the file: the token minted in beforeAll has run out by now (or is waited out).
  test('an expired token', async ({ page }) => {
    test.setTimeout(90_000);
    const { token, expiresAt } = expiring!;
    const wait = new Date(expiresAt).getTime() + 1_500 - Date.now();
    if (wait > 0) await sleep(wait);

    await page.goto(`/#token=${encodeURIComponent(token)}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(TEXT.expiredTitle);
    expect(page.url()).not.toContain('token=');
    await expect(page.getByRole('main')).toContainText(
      'For your security, a privacy center link works for a short time only.',
    );
    await expect(page.getByRole('switch')).toHaveCount(0);
    await expectNoRawErrors(page);
  });
});
