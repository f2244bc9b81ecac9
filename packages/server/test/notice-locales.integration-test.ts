import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  apiKey,
  counts,
  startTestServer,
  subjectToken,
  suiteKind,
  type GqlResult,
  type TestServer,
} from './harness.ts';

/**
 * Notices in several languages and the plain-language check (contract 1.1), through the API: the demo notice v1 is
 * published in en, de and fr by the seed. The tests run in order and share the database.
 */

let s: TestServer;
let service: string;

beforeAll(async () => {
  s = await startTestServer();
  service = await apiKey(s, 'SERVICE');
});
afterAll(async () => s?.close());

/** A GraphQL request with extra headers (the harness's gql sends none). */
async function gqlWith<T>(
  query: string,
  variables: Record<string, unknown> = {},
  opts: { token?: string | null; headers?: Record<string, string> } = {},
): Promise<GqlResult<T>> {
  const token = opts.token === undefined ? ADMIN_TOKEN : opts.token;
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...opts.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: GqlResult<T>['errors'] };
  return { status: res.status, data: body.data, errors: body.errors };
}
async function ok<T>(
  query: string,
  variables: Record<string, unknown> = {},
  opts: Parameters<typeof gqlWith>[2] = {},
): Promise<T> {
  const r = await gqlWith<T>(query, variables, opts);
  if (r.errors || !r.data) throw new Error(`${query}: ${JSON.stringify(r.errors)}`);
  return r.data;
}

interface NoticeView {
  id: string;
  version: number;
  contentHash: string;
  locale: string;
  defaultLocale: string;
  availableLocales: string[];
  summary: string;
  purposes: { purposeKey: string; title: string; description: string; requiresReconsent: boolean }[];
}
const NOTICE =
  'id version contentHash locale defaultLocale availableLocales summary purposes { purposeKey title description requiresReconsent }';
const current = async (locale?: string, headers?: Record<string, string>) =>
  (
    await ok<{ currentNotice: NoticeView }>(
      `query($l: String) { currentNotice(locale: $l) { ${NOTICE} } }`,
      { l: locale },
      { token: null, headers },
    )
  ).currentNotice;

/** The active purposes' texts of the current notice in every language, as publishNotice takes them. */
async function currentDraft(): Promise<{
  defaultLocale: string;
  summary: string;
  purposes: { purposeKey: string; title: string; description: string; requiresReconsent: boolean }[];
  translations: {
    locale: string;
    summary: string;
    purposes: { purposeKey: string; title: string; description: string }[];
  }[];
}> {
  const en = await current((await current()).defaultLocale);
  const translations = await Promise.all(
    en.availableLocales
      .filter((l) => l !== en.defaultLocale)
      .map(async (locale) => {
        const n = await current(locale);
        return {
          locale,
          summary: n.summary,
          purposes: n.purposes.map(({ purposeKey, title, description }) => ({ purposeKey, title, description })),
        };
      }),
  );
  return {
    defaultLocale: en.defaultLocale,
    summary: en.summary,
    purposes: en.purposes.map((p) => ({ ...p, requiresReconsent: false })),
    translations,
  };
}
const PUBLISH = `mutation($i: PublishNoticeInput!) { publishNotice(input: $i) { ${NOTICE} } }`;

describe(`notices in several languages on ${suiteKind}`, () => {
  it('the demo notice v1 is in en, de and fr, English first', async () => {
    const n = await current();
    expect(n).toMatchObject({ version: 1, locale: 'en', defaultLocale: 'en', availableLocales: ['en', 'de', 'fr'] });
  });

  it('an exact locale gives its texts', async () => {
    const de = await current('de');
    expect(de.locale).toBe('de');
    expect(de.summary).toMatch(/^So nutzen wir Ihre Daten/);
    expect(de.purposes.find((p) => p.purposeKey === 'analytics')!.title).toBe('Produktanalyse');
  });

  it('a regional tag falls back to its language', async () => {
    expect((await current('fr-CA')).locale).toBe('fr');
  });

  it('an Accept-Language value as the argument follows its q-values', async () => {
    expect((await current('en;q=0.3, fr;q=0.6, de;q=0.9')).locale).toBe('de');
  });

  it('an unknown locale gives the default', async () => {
    const n = await current('ja');
    expect(n.locale).toBe('en');
    expect(n.summary).toMatch(/^How we use your data/);
  });

  it('without a locale argument, the Accept-Language header picks the texts (q-values honoured)', async () => {
    expect((await current(undefined, { 'accept-language': 'ja, fr;q=0.8, de;q=0.5' })).locale).toBe('fr');
    // The argument wins over the header.
    expect((await current('de', { 'accept-language': 'fr' })).locale).toBe('de');
  });

  it('purposes, noticeVersions, me and subject take the locale too', async () => {
    const p = await ok<{ purposes: { key: string; title: string }[] }>(
      '{ purposes(locale: "de") { key title } }',
      {},
      { token: null },
    );
    expect(p.purposes.find((x) => x.key === 'marketing-email')!.title).toBe('Werbe-E-Mails');
    const v = await ok<{ noticeVersions: NoticeView[] }>(
      `{ noticeVersions(locale: "fr") { ${NOTICE} } }`,
      {},
      { token: null },
    );
    expect(v.noticeVersions[0]!.locale).toBe('fr');
    const token = await subjectToken(s, 'loc-me');
    const me = await ok<{
      me: { currentNotice: { locale: string }; purposes: { purpose: { key: string; title: string } }[] };
    }>('{ me(locale: "fr") { currentNotice { locale } purposes { purpose { key title } } } }', {}, { token });
    expect(me.me.currentNotice.locale).toBe('fr');
    expect(me.me.purposes.find((x) => x.purpose.key === 'analytics')!.purpose.title).toBe('Statistiques du produit');
    const sub = await ok<{ subject: { currentNotice: { locale: string } } }>(
      '{ subject(id: "loc-me") { currentNotice { locale } } }',
      {},
      { token: service, headers: { 'accept-language': 'de-AT' } },
    );
    expect(sub.subject.currentNotice.locale).toBe('de');
  });
});

describe(`records keep the locale on ${suiteKind}`, () => {
  const GRANT =
    'mutation($i: ConsentInput!) { grantConsent(input: $i) { id locale noticeVersion { locale summary } } }';
  type Granted = {
    grantConsent: { id: string; locale: string | null; noticeVersion: { locale: string; summary: string } };
  };

  it('a record written with ConsentInput.locale keeps it, and shows its notice in that language', async () => {
    const token = await subjectToken(s, 'loc-1');
    const r = await ok<Granted>(
      GRANT,
      { i: { purposeKey: 'analytics', channel: 'WEB', method: 'test', locale: 'fr' } },
      { token },
    );
    expect(r.grantConsent.locale).toBe('fr');
    expect(r.grantConsent.noticeVersion.locale).toBe('fr');
    const h = await ok<{
      consentHistory: { edges: { node: { locale: string | null; noticeVersion: { locale: string } } }[] };
    }>(
      '{ consentHistory(subjectId: "loc-1") { edges { node { locale noticeVersion { locale } } } } }',
      {},
      { token: service, headers: { 'accept-language': 'de' } },
    );
    expect(h.consentHistory.edges[0]!.node).toEqual({ locale: 'fr', noticeVersion: { locale: 'fr' } });
  });

  it("without ConsentInput.locale, the record takes the notice's language the Accept-Language header picks", async () => {
    const token = await subjectToken(s, 'loc-2');
    const r = await ok<Granted>(
      GRANT,
      { i: { purposeKey: 'analytics', channel: 'WEB', method: 'test' } },
      { token, headers: { 'accept-language': 'de-DE,de;q=0.9,en;q=0.8' } },
    );
    expect(r.grantConsent.locale).toBe('de');
  });

  it('without either (or with the "*" server-side clients send), the locale is not known (null), and the chain verifies', async () => {
    const token = await subjectToken(s, 'loc-3');
    const r = await ok<Granted>(
      GRANT,
      { i: { purposeKey: 'analytics', channel: 'WEB', method: 'test' } },
      { token, headers: { 'accept-language': '*' } },
    );
    expect(r.grantConsent.locale).toBeNull();
    const v = await ok<{ verifyLedger: { ok: boolean } }>('{ verifyLedger { ok } }');
    expect(v.verifyLedger.ok).toBe(true);
  });

  it('a malformed ConsentInput.locale is BAD_USER_INPUT', async () => {
    const token = await subjectToken(s, 'loc-4');
    const r = await gqlWith(
      GRANT,
      { i: { purposeKey: 'analytics', channel: 'WEB', method: 'test', locale: 'not a tag!' } },
      { token },
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe(`publishing translations on ${suiteKind}`, () => {
  it('a translation missing purposes is BAD_USER_INPUT naming the locale and the purposes, and writes nothing', async () => {
    const draft = await currentDraft();
    const before = await counts(s);
    const broken = {
      ...draft,
      translations: draft.translations.map((t) =>
        t.locale === 'fr'
          ? { ...t, purposes: t.purposes.filter((p) => p.purposeKey !== 'research' && p.purposeKey !== 'analytics') }
          : t,
      ),
    };
    const r = await gqlWith(PUBLISH, { i: broken });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toContain(
      "the 'fr' translation must word every purpose of the notice; missing analytics, research",
    );
    // One problem per line for clients to list (the staff console shows them so).
    expect(r.errors?.[0]?.extensions?.problems).toEqual([
      "translations[1] (fr): the 'fr' translation must word every purpose of the notice; missing analytics, research",
    ]);
    expect(await counts(s)).toEqual(before);
  });

  it('the contentHash changes with a translation: the same texts with one translation changed are a new hash', async () => {
    const draft = await currentDraft();
    const a = (await ok<{ publishNotice: NoticeView }>(PUBLISH, { i: draft })).publishNotice;
    const changed = {
      ...draft,
      translations: draft.translations.map((t) =>
        t.locale === 'de' ? { ...t, summary: `${t.summary} Fragen beantworten wir gern.` } : t,
      ),
    };
    const b = (await ok<{ publishNotice: NoticeView }>(PUBLISH, { i: changed })).publishNotice;
    expect(b.version).toBe(a.version + 1);
    expect(b.contentHash).not.toBe(a.contentHash);
    const c = (await ok<{ publishNotice: NoticeView }>(PUBLISH, { i: { ...draft, translations: [] } })).publishNotice;
    expect(c.availableLocales).toEqual(['en']);
    expect(new Set([a.contentHash, b.contentHash, c.contentHash]).size).toBe(3);
    expect((await current('de')).locale).toBe('en');
  });
});

describe(`the plain-language check on ${suiteKind}`, () => {
  const HARD =
    'Processing of personal data is undertaken on the basis of our legitimate interests, notwithstanding applicable contractual obligations.';
  const READABILITY =
    'query($i: PublishNoticeInput!) { noticeReadability(input: $i) { purposeKey locale field score ok issues } }';
  type Scores = {
    noticeReadability: {
      purposeKey: string | null;
      locale: string;
      field: string;
      score: number;
      ok: boolean;
      issues: string[];
    }[];
  };

  it('noticeReadability scores every text in every language (ADMIN)', async () => {
    const draft = await currentDraft();
    const hard = { ...draft, translations: [] as typeof draft.translations, summary: HARD, defaultLocale: 'en' };
    const r = await ok<Scores>(READABILITY, {
      i: {
        ...hard,
        translations: [
          {
            locale: 'de',
            summary: 'Wir geben Ihre Daten an Dritte weiter.',
            purposes: draft.purposes.map(({ purposeKey, title, description }) => ({ purposeKey, title, description })),
          },
        ],
      },
    });
    expect(r.noticeReadability).toHaveLength(2 * (1 + 2 * draft.purposes.length));
    const summary = r.noticeReadability.find((t) => t.locale === 'en' && t.field === 'summary')!;
    expect(summary).toMatchObject({ purposeKey: null, ok: false });
    expect(summary.score).toBeLessThan(60);
    expect(summary.issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^reading ease .* is below 60/),
        expect.stringMatching(/^jargon: "legitimate interest"/),
        expect.stringMatching(/^jargon: "processing"/),
      ]),
    );
    const de = r.noticeReadability.find((t) => t.locale === 'de' && t.field === 'summary')!;
    expect(de.issues.join()).toContain('jargon: "Dritte"');
    const analytics = r.noticeReadability.find(
      (t) => t.locale === 'en' && t.purposeKey === 'analytics' && t.field === 'description',
    )!;
    expect(analytics.ok).toBe(true);
    expect(analytics.score).toBeGreaterThanOrEqual(60);
  });

  it('noticeReadability is for ADMIN only', async () => {
    const draft = await currentDraft();
    const r = await gqlWith(READABILITY, { i: draft }, { token: service });
    expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('publishNotice refuses a hard text with BAD_USER_INPUT listing the text and the reasons, and writes nothing', async () => {
    const draft = await currentDraft();
    const before = await counts(s);
    const r = await gqlWith(PUBLISH, { i: { ...draft, summary: HARD } });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/en summary: reading ease .* is below 60.*jargon: "legitimate interest"/);
    expect(r.errors?.[0]?.extensions?.problems).toEqual([
      expect.stringMatching(/^en summary: reading ease .* is below 60/),
    ]);
    expect(await counts(s)).toEqual(before);
  });

  it('publishNotice accepts the same text with acceptReadabilityIssues: true', async () => {
    const draft = await currentDraft();
    const n = (
      await ok<{ publishNotice: NoticeView }>(PUBLISH, {
        i: { ...draft, summary: HARD, acceptReadabilityIssues: true },
      })
    ).publishNotice;
    expect(n.summary).toBe(HARD);
  });
});

describe(`append-only translations on ${suiteKind}`, () => {
  it('the database refuses UPDATE and DELETE of NoticeTranslation rows', async () => {
    const p = s.app.core.db.prisma;
    await expect(p.$executeRawUnsafe(`UPDATE "NoticeTranslation" SET "summary" = 'x'`)).rejects.toThrow(
      /NoticeTranslation is append-only/,
    );
    await expect(p.$executeRawUnsafe(`DELETE FROM "NoticeTranslation"`)).rejects.toThrow(
      /NoticeTranslation is append-only/,
    );
    await expect(p.$executeRawUnsafe(`UPDATE "NoticePurposeText" SET "title" = 'x'`)).rejects.toThrow(
      /NoticePurposeText is append-only/,
    );
  });
});

describe(`another default language on ${suiteKind}`, () => {
  it('a notice can be written in another default language', async () => {
    // The demo notice v1's texts: French as the default, English as the translation.
    const v1 = async (locale: string) =>
      (
        await ok<{ noticeVersions: NoticeView[] }>(`query($l: String) { noticeVersions(locale: $l) { ${NOTICE} } }`, {
          l: locale,
        })
      ).noticeVersions.find((n) => n.version === 1)!;
    const [fr, en] = [await v1('fr'), await v1('en')];
    const enAsTranslation = {
      locale: 'en',
      summary: en.summary,
      purposes: en.purposes.map(({ purposeKey, title, description }) => ({ purposeKey, title, description })),
    };
    const i = {
      summary: fr.summary,
      defaultLocale: 'fr',
      purposes: fr.purposes.map((p) => ({ ...p, requiresReconsent: false })),
      translations: [enAsTranslation],
    };
    const n = (await ok<{ publishNotice: NoticeView }>(PUBLISH, { i })).publishNotice;
    expect(n).toMatchObject({ locale: 'fr', defaultLocale: 'fr', availableLocales: ['fr', 'en'] });
    expect((await current('ja')).locale).toBe('fr');
    expect((await current('en-GB')).locale).toBe('en');
  });
});
