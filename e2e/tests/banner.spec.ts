import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { APIRequestContext, Locator, Page } from '@playwright/test';
import { gql, mintSubjectToken, uniqueSubjectId } from './support/assent-api';
import { expect, test } from './support/page-guards';

// The banner on a product's own website: a second static server on another origin (banner-site/server.mjs,
// started by playwright.config.ts) serves a shop page that loads Assent's /banner.js and embeds
// <assent-banner api="…">, under a strict CSP of its own. Every visitor is a fresh browser context, so a
// fresh localStorage and a new visitor session. What the banner records is read back from the ledger
// through the API with the admin token; other journeys share the server, so purposes are read, not assumed.

test.use({ locale: 'en-US', timezoneId: 'UTC' });

const ASSENT_URL = `http://127.0.0.1:${process.env.E2E_PORT ?? 4710}`;
const SITE_URL = process.env.E2E_SITE_URL ?? `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 4710) + 1}`;
const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '../test-results/banner-screens');

const TEXT = {
  region: 'Privacy choices',
  reopen: 'Privacy choices',
  title: 'Your privacy choices',
  chooseTitle: 'Choose what you allow',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  choose: 'Choose',
  save: 'Save choices',
  close: 'Close without choosing',
  gpc: 'Your browser asked us not to sell or share your data; we have recorded that.',
};

declare global {
  interface Window {
    assentConsentEvents: { decisions: Record<string, boolean> }[];
    cspViolations: string[];
  }
}

interface CataloguePurpose {
  key: string;
  title: string;
  requiresConsent: boolean;
  active: boolean;
  gpcOptOut: boolean;
}

interface LedgerRecord {
  id: string;
  purposeKey: string;
  action: string;
  channel: string;
  method: string;
  evidence: unknown;
  noticeVersion: { id: string };
}

/** Active purposes as the server lists them now (the banner's order). */
async function activePurposes(request: APIRequestContext): Promise<CataloguePurpose[]> {
  const data = await gql<{ purposes: CataloguePurpose[] }>(
    request,
    '{ purposes { key title requiresConsent active gpcOptOut } }',
  );
  return data.purposes.filter((purpose) => purpose.active);
}

async function consentPurposeKeys(request: APIRequestContext): Promise<string[]> {
  return (await activePurposes(request)).filter((purpose) => purpose.requiresConsent).map((purpose) => purpose.key);
}

/** A subject's ledger, oldest first, as admin. */
async function ledger(request: APIRequestContext, subjectId: string): Promise<LedgerRecord[]> {
  const data = await gql<{ consentHistory: { edges: { node: LedgerRecord }[] } }>(
    request,
    `query History($subjectId: ID!) { consentHistory(subjectId: $subjectId, first: 200) { edges { node { id purposeKey action channel method evidence noticeVersion { id } } } } }`,
    { subjectId },
  );
  return data.consentHistory.edges.map((edge) => edge.node).reverse();
}

/** Purpose keys in a stable order: records of one call share their timestamps, so the history's order among them is not the call's. */
const sorted = (keys: string[]): string[] => [...keys].sort();

/** `{ purposeKey: action }` of a list of records (each purpose once, as one banner click writes). */
function actionsByPurpose(records: { purposeKey: string; action: string }[]): Record<string, string> {
  return Object.fromEntries(records.map((record) => [record.purposeKey, record.action]));
}

async function decision(
  request: APIRequestContext,
  subjectId: string,
  purposeKey: string,
): Promise<{ allowed: boolean; reason: string }> {
  const data = await gql<{ decide: { allowed: boolean; reason: string } }>(
    request,
    'query Decide($subjectId: ID!, $purposeKey: ID!) { decide(subjectId: $subjectId, purposeKey: $purposeKey) { allowed reason } }',
    { subjectId, purposeKey },
  );
  return data.decide;
}

const banner = (page: Page): Locator => page.getByRole('region', { name: TEXT.region, exact: true });
const reopenButton = (page: Page): Locator => page.getByRole('button', { name: TEXT.reopen, exact: true });
const bannerButton = (page: Page, name: string): Locator => banner(page).getByRole('button', { name, exact: true });

/** Opens the shop page as a visitor and waits until the banner knows the visitor's state (its first assent:consent). */
async function visitShop(page: Page): Promise<void> {
  await page.goto(`${SITE_URL}/`);
  expect(new URL(page.url()).origin).not.toBe(new URL(ASSENT_URL).origin);
  await page.waitForFunction(() => window.assentConsentEvents.length >= 1);
}

/** The anonymous visitor's subject id, from the visitor token the banner keeps in localStorage. */
async function visitorOf(page: Page, request: APIRequestContext): Promise<{ subjectId: string; token: string }> {
  const token = await page.evaluate((origin) => {
    const stored = localStorage.getItem(`assent:visitor:${origin}`);
    return stored ? (JSON.parse(stored) as { token: string }).token : null;
  }, ASSENT_URL);
  expect(token, 'the banner keeps a visitor token in localStorage').toBeTruthy();
  const data = await gql<{ me: { subjectId: string } }>(request, '{ me { subjectId } }', {}, token!);
  expect(data.me.subjectId).toMatch(/^v_[A-Za-z0-9_-]{22,}$/);
  return { subjectId: data.me.subjectId, token: token! };
}

/** Clicks one of the banner's buttons and waits for the banner to close (recordChoices answered). */
async function choose(page: Page, name: string): Promise<void> {
  const events = await page.evaluate(() => window.assentConsentEvents.length);
  await bannerButton(page, name).click();
  await expect(banner(page)).toBeHidden();
  await expect(reopenButton(page)).toBeVisible();
  await page.waitForFunction((n) => window.assentConsentEvents.length > n, events);
}

/** Serious and critical axe findings in the banner (axe reaches into its shadow root). */
async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).include('assent-banner').analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      id: violation.id,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}

/** The page's own CSP (banner-site/server.mjs) was never violated. */
async function expectNoCspViolations(page: Page): Promise<void> {
  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
}

test.describe('the banner on a product site', () => {
  test('a new visitor sees the banner after one request: the notice summary, Reject all and Accept all alike, focus inside, no serious axe findings; closing it records nothing, starts no session, and it shows again', async ({
    page,
    request,
  }) => {
    const { currentNotice } = await gql<{ currentNotice: { summary: string } }>(
      request,
      '{ currentNotice { summary } }',
    );
    const toAssent: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(`${ASSENT_URL}/graphql`) && r.method() === 'POST')
        toAssent.push((r.postDataJSON() as { operationName: string }).operationName);
    });
    await visitShop(page);
    await expect(banner(page)).toBeVisible();
    await expect(banner(page).getByRole('heading', { name: TEXT.title })).toBeVisible();
    await expect(banner(page)).toContainText(currentNotice.summary);
    // No switch on the first layer: the visitor decides with one click, or opens Choose.
    await expect(banner(page).getByRole('switch')).toHaveCount(0);
    // Focus moved into the banner when it opened.
    expect(await page.evaluate(() => document.activeElement?.localName)).toBe('assent-banner');

    // Reject all and Accept all: same element, size and look (CNIL, EDPB cookie-banner taskforce).
    const look = (name: string) =>
      bannerButton(page, name).evaluate((element) => {
        const style = getComputedStyle(element);
        const box = element.getBoundingClientRect();
        return {
          tag: element.localName,
          height: box.height,
          width: Math.round(box.width / 4),
          color: style.color,
          background: style.backgroundColor,
          border: style.border,
          font: style.font,
        };
      });
    const reject = await look(TEXT.rejectAll);
    const accept = await look(TEXT.acceptAll);
    expect({ ...reject, width: undefined }).toEqual({ ...accept, width: undefined });
    expect(Math.abs(reject.width - accept.width)).toBeLessThanOrEqual(3);
    // Targets of at least 24 × 24 CSS pixels (WCAG 2.2, 2.5.8).
    for (const button of await banner(page).getByRole('button').all()) {
      const box = (await button.boundingBox())!;
      expect(Math.min(box.width, box.height), await button.innerText()).toBeGreaterThanOrEqual(24);
    }
    expect(await seriousViolations(page)).toEqual([]);
    // The first paint needed one request: public data, no visitor session until there is something to record.
    expect(toAssent).toEqual(['BannerIntro']);

    await bannerButton(page, TEXT.close).click();
    await expect(banner(page)).toBeHidden();
    await expect(reopenButton(page)).toBeFocused();
    await page.reload();
    await expect(banner(page)).toBeVisible();
    expect(toAssent).toEqual(['BannerIntro', 'BannerIntro']);
    const stored = await page.evaluate((origin) => localStorage.getItem(`assent:visitor:${origin}`), ASSENT_URL);
    expect(stored, 'no visitor session, so nothing is recorded about this visitor').toBeNull();
    await expectNoCspViolations(page);
  });

  test('"Reject all" refuses every consent purpose (REFUSE, banner/reject-all, WEB, the notice shown) and the banner does not come back on reload', async ({
    page,
    request,
  }) => {
    const keys = await consentPurposeKeys(request);
    const { currentNotice } = await gql<{ currentNotice: { id: string } }>(request, '{ currentNotice { id } }');
    await visitShop(page);
    await expect(banner(page)).toBeVisible();
    await choose(page, TEXT.rejectAll);

    const { subjectId } = await visitorOf(page, request);
    const records = await ledger(request, subjectId);
    expect(sorted(records.map((record) => record.purposeKey))).toEqual(sorted(keys));
    for (const record of records) {
      expect(record).toMatchObject({
        action: 'REFUSE',
        channel: 'WEB',
        method: 'banner/reject-all',
        noticeVersion: { id: currentNotice.id },
      });
    }
    for (const key of keys)
      expect(await decision(request, subjectId, key)).toEqual({ allowed: false, reason: 'CONSENT_REFUSED' });

    await page.reload();
    await page.waitForFunction(() => window.assentConsentEvents.length >= 1);
    await expect(reopenButton(page)).toBeVisible();
    await expect(banner(page)).toBeHidden();
    expect(await ledger(request, subjectId), 'a reload records nothing').toHaveLength(keys.length);
    await expectNoCspViolations(page);
  });

  test('"Accept all" on a fresh visitor grants every consent purpose', async ({ page, request }) => {
    const keys = await consentPurposeKeys(request);
    await visitShop(page);
    await choose(page, TEXT.acceptAll);
    const { subjectId } = await visitorOf(page, request);
    const records = await ledger(request, subjectId);
    expect(sorted(records.map((record) => record.purposeKey))).toEqual(sorted(keys));
    for (const record of records)
      expect(record).toMatchObject({ action: 'GRANT', channel: 'WEB', method: 'banner/accept-all' });
    for (const key of keys)
      expect(await decision(request, subjectId, key)).toEqual({ allowed: true, reason: 'CONSENT_GRANTED' });
    await expectNoCspViolations(page);
  });

  test('"Choose", one switch on and "Save choices" records exactly that: GRANT for it, REFUSE for the rest (banner/save); Escape leaves Choose', async ({
    page,
    request,
  }) => {
    const keys = await consentPurposeKeys(request);
    expect(keys).toContain('analytics');
    await visitShop(page);
    await bannerButton(page, TEXT.choose).click();
    await expect(banner(page).getByRole('heading', { name: TEXT.chooseTitle })).toBeVisible();
    const switches = banner(page).getByRole('switch');
    await expect(switches).toHaveCount(keys.length);
    for (const item of await switches.all()) await expect(item).toHaveAttribute('aria-checked', 'false');
    expect(await seriousViolations(page)).toEqual([]);
    // Escape goes back to the first layer; Choose opens the switches again, still off.
    await page.keyboard.press('Escape');
    await expect(banner(page).getByRole('heading', { name: TEXT.title })).toBeVisible();
    await bannerButton(page, TEXT.choose).click();

    const { purposes } = await gql<{ purposes: CataloguePurpose[] }>(
      request,
      '{ purposes { key title requiresConsent active gpcOptOut } }',
    );
    const analytics = purposes.find((purpose) => purpose.key === 'analytics')!;
    const analyticsSwitch = banner(page).getByRole('switch', { name: analytics.title, exact: true });
    await analyticsSwitch.click();
    await expect(analyticsSwitch).toHaveAttribute('aria-checked', 'true');
    await choose(page, TEXT.save);

    const { subjectId } = await visitorOf(page, request);
    const records = await ledger(request, subjectId);
    expect(records).toHaveLength(keys.length);
    expect(actionsByPurpose(records)).toEqual(
      Object.fromEntries(keys.map((key) => [key, key === 'analytics' ? 'GRANT' : 'REFUSE'])),
    );
    for (const record of records) expect(record.method).toBe('banner/save');
    await expect(page.locator('#analytics-state')).toHaveText('on');
    await expectNoCspViolations(page);
  });

  test('the "Privacy choices" button reopens the choices as they stand, and one click withdraws everything', async ({
    page,
    request,
  }) => {
    const keys = await consentPurposeKeys(request);
    await visitShop(page);
    await choose(page, TEXT.acceptAll);
    await page.reload();
    await reopenButton(page).click();
    await expect(banner(page)).toBeVisible();
    const switches = banner(page).getByRole('switch');
    await expect(switches).toHaveCount(keys.length);
    for (const item of await switches.all()) await expect(item).toHaveAttribute('aria-checked', 'true');

    await choose(page, TEXT.rejectAll);
    const { subjectId } = await visitorOf(page, request);
    const records = await ledger(request, subjectId);
    const withdrawals = records.slice(keys.length);
    expect(sorted(withdrawals.map((record) => record.purposeKey))).toEqual(sorted(keys));
    for (const record of withdrawals) expect(record).toMatchObject({ action: 'WITHDRAW', method: 'banner/reject-all' });
    for (const key of keys)
      expect(await decision(request, subjectId, key)).toEqual({ allowed: false, reason: 'CONSENT_WITHDRAWN' });
    await expectNoCspViolations(page);
  });

  test("the page's assent:consent event carries the decisions: on load (nothing allowed but other legal bases), and after a choice; element.decisions agrees", async ({
    page,
    request,
  }) => {
    const purposes = await activePurposes(request);
    await visitShop(page);
    const [first] = await page.evaluate(() => window.assentConsentEvents);
    expect(first!.decisions).toEqual(
      Object.fromEntries(purposes.map((purpose) => [purpose.key, !purpose.requiresConsent])),
    );
    await choose(page, TEXT.acceptAll);
    const events = await page.evaluate(() => window.assentConsentEvents);
    expect(events).toHaveLength(2);
    expect(events[1]!.decisions).toEqual(Object.fromEntries(purposes.map((purpose) => [purpose.key, true])));
    const property = await page.evaluate(
      () => (document.querySelector('assent-banner') as HTMLElement & { decisions: unknown }).decisions,
    );
    expect(property).toEqual(events[1]!.decisions);
    await expect(page.locator('#analytics-state')).toHaveText('on');
  });

  test("linkVisitor (a SERVICE key) carries the visitor's choices to the subject who signs in, and the banner then follows that subject", async ({
    page,
    request,
  }) => {
    const keys = await consentPurposeKeys(request);
    const { purposes } = await gql<{ purposes: CataloguePurpose[] }>(
      request,
      '{ purposes { key title requiresConsent active gpcOptOut } }',
    );
    await visitShop(page);
    await bannerButton(page, TEXT.choose).click();
    await banner(page)
      .getByRole('switch', { name: purposes.find((purpose) => purpose.key === 'analytics')!.title, exact: true })
      .click();
    await choose(page, TEXT.save);
    const visitor = await visitorOf(page, request);
    const visitorRecords = await ledger(request, visitor.subjectId);

    // The product's backend, on sign-in: it knows the visitor (the page sends it the visitor's subject id) and the account.
    const { createApiKey } = await gql<{ createApiKey: { secret: string } }>(
      request,
      'mutation { createApiKey(role: SERVICE, name: "e2e shop backend") { secret } }',
    );
    const subjectId = uniqueSubjectId('banner-linked');
    const { linkVisitor } = await gql<{ linkVisitor: LedgerRecord[] }>(
      request,
      'mutation Link($visitor: ID!, $subject: ID!) { linkVisitor(visitorSubjectId: $visitor, subjectId: $subject) { id purposeKey action channel method evidence noticeVersion { id } } }',
      { visitor: visitor.subjectId, subject: subjectId },
      createApiKey.secret,
    );
    expect(actionsByPurpose(linkVisitor)).toEqual(actionsByPurpose(visitorRecords));
    for (const record of linkVisitor) {
      expect(record.evidence).toMatchObject({ linkedFrom: visitor.subjectId });
      expect(JSON.stringify(record.evidence)).toContain(
        visitorRecords.find((r) => r.purposeKey === record.purposeKey)!.id,
      );
    }
    const linked = await ledger(request, subjectId);
    expect(sorted(linked.map((record) => record.id))).toEqual(sorted(linkVisitor.map((record) => record.id)));
    for (const key of keys) expect((await decision(request, subjectId, key)).allowed).toBe(key === 'analytics');

    // The product now gives the banner the signed-in subject's token: nothing to ask, the same decisions.
    const { token } = await mintSubjectToken(request, subjectId);
    const events = await page.evaluate(() => window.assentConsentEvents.length);
    await page.evaluate((t) => document.querySelector('assent-banner')!.setAttribute('token', t), token);
    await page.waitForFunction((n) => window.assentConsentEvents.length > n, events);
    await expect(reopenButton(page)).toBeVisible();
    await expect(banner(page)).toBeHidden();
    const last = (await page.evaluate(() => window.assentConsentEvents)).at(-1)!;
    for (const key of keys) expect(last.decisions[key], key).toBe(key === 'analytics');
    await expectNoCspViolations(page);
  });

  test("the banner never sends the visitor's cookies to Assent, and Assent answers only this site by CORS", async ({
    page,
  }) => {
    const seen: { url: string; cookie?: string; origin?: string; allowOrigin?: string; credentials?: string }[] = [];
    page.on('response', async (response) => {
      if (!response.url().startsWith(`${ASSENT_URL}/graphql`)) return;
      const headers = await response.request().allHeaders();
      const answer = await response.allHeaders();
      seen.push({
        url: response.url(),
        cookie: headers.cookie,
        origin: headers.origin,
        allowOrigin: answer['access-control-allow-origin'],
        credentials: answer['access-control-allow-credentials'],
      });
    });
    await page.context().addCookies([{ name: 'assent-e2e', value: 'must-not-travel', url: ASSENT_URL }]);
    await visitShop(page);
    expect(seen.length).toBeGreaterThan(0);
    for (const call of seen)
      expect(call).toEqual({
        url: `${ASSENT_URL}/graphql`,
        cookie: undefined,
        origin: SITE_URL,
        allowOrigin: SITE_URL,
        credentials: undefined,
      });
  });
});

test.describe('the banner with Global Privacy Control', () => {
  // Chromium sends no GPC of its own: the context adds the header to every request. The page's
  // navigator.globalPrivacyControl stays unset, so the banner acts on the header alone, as the server reports it.
  test.use({ extraHTTPHeaders: { 'Sec-GPC': '1' } });

  test('with Sec-GPC: 1 the GPC purpose is refused with method gpc before the banner shows, the banner says so, and "Accept all" leaves it refused', async ({
    page,
    request,
  }) => {
    const purposes = await activePurposes(request);
    const gpcKeys = purposes
      .filter((purpose) => purpose.requiresConsent && purpose.gpcOptOut)
      .map((purpose) => purpose.key);
    const otherKeys = purposes
      .filter((purpose) => purpose.requiresConsent && !purpose.gpcOptOut)
      .map((purpose) => purpose.key);
    expect(gpcKeys).toContain('third-party-sharing');

    await visitShop(page);
    await expect(banner(page)).toBeVisible();
    await expect(banner(page)).toContainText(TEXT.gpc);
    // The server saw the header too (the privacy center asks it that way).
    const seenByServer = await page.evaluate(async (api) => {
      const response = await fetch(`${api}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ gpcSignal }' }),
      });
      return ((await response.json()) as { data: { gpcSignal: boolean } }).data.gpcSignal;
    }, ASSENT_URL);
    expect(seenByServer).toBe(true);

    const { subjectId } = await visitorOf(page, request);
    const gpcRecords = await ledger(request, subjectId);
    expect(sorted(gpcRecords.map((record) => record.purposeKey))).toEqual(sorted(gpcKeys));
    for (const record of gpcRecords)
      expect(record).toMatchObject({
        action: 'REFUSE',
        method: 'gpc',
        evidence: { signal: 'Sec-GPC' },
      });

    await choose(page, TEXT.acceptAll);
    for (const key of otherKeys) expect((await decision(request, subjectId, key)).allowed, key).toBe(true);
    for (const key of gpcKeys)
      expect(await decision(request, subjectId, key), key).toEqual({ allowed: false, reason: 'CONSENT_REFUSED' });
    const lastEvent = (await page.evaluate(() => window.assentConsentEvents)).at(-1)!;
    expect(lastEvent.decisions['third-party-sharing']).toBe(false);

    // The signal again on the next page view records nothing more.
    const before = (await ledger(request, subjectId)).length;
    await page.reload();
    await page.waitForFunction(() => window.assentConsentEvents.length >= 1);
    await expect(reopenButton(page)).toBeVisible();
    expect(await ledger(request, subjectId)).toHaveLength(before);
    await expectNoCspViolations(page);
  });
});

test.describe('how the banner looks', () => {
  test('at 320 px and 1280 px, light and dark: fits the width, no serious axe findings (screenshots in test-results/banner-screens)', async ({
    page,
  }) => {
    // Eight axe runs.
    test.setTimeout(90_000);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await visitShop(page);
    for (const width of [320, 1280]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const name = `${width}-${colorScheme}`;
        await page.setViewportSize({ width, height: width === 320 ? 640 : 800 });
        await page.emulateMedia({ colorScheme });
        await expect(banner(page)).toBeVisible();
        await expect(banner(page).getByRole('heading', { name: TEXT.title })).toBeVisible();
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth),
          `${name}: no horizontal scrolling`,
        ).toBeLessThanOrEqual(width);
        expect(await seriousViolations(page), name).toEqual([]);
        await page.screenshot({ path: join(SCREENSHOTS, `banner-${name}.png`) });

        await bannerButton(page, TEXT.choose).click();
        await expect(banner(page).getByRole('heading', { name: TEXT.chooseTitle })).toBeVisible();
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth),
          `${name}, Choose: no horizontal scrolling`,
        ).toBeLessThanOrEqual(width);
        expect(await seriousViolations(page), `${name}, Choose`).toEqual([]);
        await page.screenshot({ path: join(SCREENSHOTS, `choose-${name}.png`) });
        await page.keyboard.press('Escape');
        await expect(banner(page).getByRole('heading', { name: TEXT.title })).toBeVisible();
      }
    }
    await bannerButton(page, TEXT.rejectAll).click();
    await expect(reopenButton(page)).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, 'reopen-1280-dark.png') });
    await expectNoCspViolations(page);
  });
});
