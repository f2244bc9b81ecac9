import { describe, expect, it } from 'vitest';
import { noticeV2, purposes } from '../../test/fixtures';
import { changeOf, draftFrom, suggestsReconsent, validateDraft } from './notice-draft';

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
