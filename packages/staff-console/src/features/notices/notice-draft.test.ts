import { describe, expect, it } from 'vitest';
import { noticeV2, purposes } from '../../test/fixtures';
import {
  addLanguage,
  changeOf,
  draftCompleteness,
  draftFrom,
  languageProblem,
  removeLanguage,
  suggestsReconsent,
  validateDraft,
} from './notice-draft';

const now = new Date('2026-11-29T15:00:00.000Z');

describe('notice drafts', () => {
  it('prefill every active purpose with the latest version’s text, nothing marked for re-consent', () => {
    const draft = draftFrom(noticeV2, purposes);
    expect(draft.summary).toBe(noticeV2.summary);
    expect(draft.purposes.map((text) => [text.purposeKey, text.description, text.requiresReconsent])).toEqual([
      ['essential-service', 'Running your account.', false],
      ['marketing-email', 'A weekly email about new features and partner offers.', false],
      ['analytics', 'Counting which pages are used.', false],
    ]);
  });

  it('use a purpose’s own text when no version describes it yet, and call it new', () => {
    const extra = {
      key: 'research',
      title: 'Research',
      description: 'Studies.',
      legalBasis: 'CONSENT' as const,
      requiresConsent: true,
      active: true,
      gpcOptOut: false,
      dpvPurpose: null,
      consentMode: [],
    };
    const draft = draftFrom(noticeV2, [...purposes, extra, { ...extra, key: 'old', active: false }]);
    const research = draft.purposes.find((text) => text.purposeKey === 'research')!;
    expect(research.description).toBe('Studies.');
    expect(changeOf(noticeV2, research)).toBe('new');
    expect(draft.purposes.some((text) => text.purposeKey === 'old')).toBe(false);
  });

  it('suggest re-consent exactly where a consent purpose’s wording changed', () => {
    const draft = draftFrom(noticeV2, purposes);
    const [essential, marketing, analytics] = draft.purposes;
    expect(suggestsReconsent(noticeV2, { ...marketing!, description: 'Daily emails.' }, purposes[1])).toBe(true);
    expect(suggestsReconsent(noticeV2, marketing!, purposes[1])).toBe(false);
    expect(suggestsReconsent(noticeV2, { ...essential!, description: 'Changed.' }, purposes[0])).toBe(false);
    expect(suggestsReconsent(noticeV2, { ...analytics!, title: 'Usage analytics' }, purposes[2])).toBe(true);
  });

  it('send re-consent only for consent purposes, and effectiveAt only when set', () => {
    const draft = draftFrom(noticeV2, purposes);
    draft.purposes = draft.purposes.map((text) => ({ ...text, requiresReconsent: true }));
    const result = validateDraft(draft, purposes, now);
    expect(result.ok && result.input.purposes.map((text) => text.requiresReconsent)).toEqual([false, true, true]);
    expect(result.ok && 'effectiveAt' in result.input).toBe(false);
  });

  it('refuse empty texts and an effective date in the past', () => {
    const draft = { ...draftFrom(noticeV2, purposes), summary: ' ', effectiveAt: '2020-01-01T00:00' };
    draft.purposes[1] = { ...draft.purposes[1]!, description: '' };
    const result = validateDraft(draft, purposes, now);
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual([
      'effectiveAt',
      'marketing-email.description',
      'summary',
    ]);
  });
});

describe('notice drafts in several languages', () => {
  const v2 = { ...noticeV2, availableLocales: ['en', 'de'] };
  const v2de = {
    ...v2,
    locale: 'de',
    summary: 'So nutzen wir Ihre Daten.',
    // The German text has no analytics purpose yet: it stays to be written.
    purposes: noticeV2.purposes
      .filter((p) => p.purposeKey !== 'analytics')
      .map((p) => ({ ...p, title: `${p.title} (de)`, description: `${p.description} (de)` })),
  };

  it('prefill each published language from the latest version in that language, leaving unworded purposes empty', () => {
    const draft = draftFrom(v2, purposes, [v2de]);
    expect(draft.defaultLocale).toBe('en');
    expect(draft.translations.map((t) => [t.locale, t.summary])).toEqual([['de', 'So nutzen wir Ihre Daten.']]);
    expect(draft.translations[0]!.purposes.map((p) => [p.purposeKey, p.title])).toEqual([
      ['essential-service', 'Essential service (de)'],
      ['marketing-email', 'Marketing emails (de)'],
      ['analytics', ''],
    ]);
  });

  it('ignore a fallback answer: a version asked in fr but answered in en is not a French text', () => {
    const draft = draftFrom({ ...v2, availableLocales: ['en', 'fr'] }, purposes, [{ ...v2, locale: 'en' }]);
    expect(draft.translations[0]).toMatchObject({ locale: 'fr', summary: '' });
  });

  it('list per language what is missing, default first, and call a language complete only when nothing is', () => {
    const draft = addLanguage(draftFrom(v2, purposes, [v2de]), 'fr');
    expect(draftCompleteness(draft)).toEqual([
      { locale: 'en', isDefault: true, summaryMissing: false, missing: [], complete: true },
      {
        locale: 'de',
        isDefault: false,
        summaryMissing: false,
        missing: [{ purposeKey: 'analytics', fields: ['title', 'description'] }],
        complete: false,
      },
      {
        locale: 'fr',
        isDefault: false,
        summaryMissing: true,
        missing: ['essential-service', 'marketing-email', 'analytics'].map((purposeKey) => ({
          purposeKey,
          fields: ['title', 'description'],
        })),
        complete: false,
      },
    ]);
  });

  it('refuse to add a language twice or the default again, and remove a translation', () => {
    const draft = draftFrom(v2, purposes, [v2de]);
    expect(languageProblem(draft, 'DE')).toMatch(/already/);
    expect(languageProblem(draft, 'en')).toMatch(/already/);
    expect(addLanguage(draft, 'de')).toBe(draft);
    expect(removeLanguage(addLanguage(draft, 'fr'), 'de').translations.map((t) => t.locale)).toEqual(['fr']);
  });

  it('refuse publication while a translation lacks a text, keyed by language, and send complete ones as translations', () => {
    const draft = draftFrom(v2, purposes, [v2de]);
    const refused = validateDraft(draft, purposes, now);
    expect(!refused.ok && Object.keys(refused.errors)).toEqual(['de:analytics.title', 'de:analytics.description']);

    draft.translations[0]!.purposes[2] = { purposeKey: 'analytics', title: ' Produktanalyse ', description: 'Zählen.' };
    const result = validateDraft(draft, purposes, now);
    expect(result.ok && result.input.defaultLocale).toBe('en');
    expect(result.ok && result.input.translations?.[0]?.purposes[2]).toEqual({
      purposeKey: 'analytics',
      title: 'Produktanalyse',
      description: 'Zählen.',
    });
  });

  it('refuse a purpose reworded and asked again whose translation still has the old text, keyed by language', () => {
    const draft = draftFrom(v2, purposes, [v2de]);
    draft.translations[0]!.purposes[2] = { purposeKey: 'analytics', title: 'Produktanalyse', description: 'Zählen.' };
    draft.purposes[1] = {
      ...draft.purposes[1]!,
      description: 'Daily emails, also about partners.',
      requiresReconsent: true,
    };
    const published = [{ ...v2, locale: 'en' }, v2de];
    const refused = validateDraft(draft, purposes, now, published);
    expect(!refused.ok && refused.errors).toEqual({
      'de:marketing-email.description': expect.stringMatching(/unchanged: translate the change/),
    });
    // Translated too: publishable. Reworded without asking again: no such rule.
    draft.translations[0]!.purposes[1] = {
      purposeKey: 'marketing-email',
      title: 'Marketing emails (de)',
      description: 'Tägliche E-Mails, auch über Partner.',
    };
    expect(validateDraft(draft, purposes, now, published).ok).toBe(true);
    draft.translations[0]!.purposes[1] = { ...v2de.purposes[1]! };
    draft.purposes[1] = { ...draft.purposes[1]!, requiresReconsent: false };
    expect(validateDraft(draft, purposes, now, published).ok).toBe(true);
  });
});
