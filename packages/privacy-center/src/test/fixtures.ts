import type { ConsentHistoryQuery, LastRecordFieldsFragment, MeQuery, NoticeFieldsFragment } from '../gql/graphql';
import type { PurposeConsentItem } from '../features/consents/consent.queries';

/** Notice version 1: what early grants were given under. */
export const noticeV1: NoticeFieldsFragment = {
  id: 'notice-1',
  version: 1,
  publishedAt: '2026-01-10T09:00:00.000Z',
  effectiveAt: '2026-01-10T09:00:00.000Z',
  summary: 'We keep your account and, if you allow it, send you news.',
  locale: 'en',
  availableLocales: ['en'],
  purposes: [
    {
      purposeKey: 'newsletter',
      title: 'Newsletter',
      description: 'A monthly email about new features.',
      requiresReconsent: false,
    },
    {
      purposeKey: 'analytics',
      title: 'Product analytics',
      description: 'Counting which pages are used.',
      requiresReconsent: false,
    },
    {
      purposeKey: 'billing',
      title: 'Billing',
      description: 'Invoices for your subscription.',
      requiresReconsent: false,
    },
  ],
};

/** Notice version 2, the current one in these tests. */
export const noticeV2: NoticeFieldsFragment = {
  id: 'notice-2',
  version: 2,
  publishedAt: '2026-11-01T09:00:00.000Z',
  effectiveAt: '2026-11-01T09:00:00.000Z',
  summary: 'We now also tailor offers, and the newsletter comes weekly.',
  locale: 'en',
  availableLocales: ['en'],
  purposes: [
    {
      purposeKey: 'newsletter',
      title: 'Newsletter',
      description: 'A weekly email about new features and partner offers.',
      requiresReconsent: true,
    },
    {
      purposeKey: 'analytics',
      title: 'Product analytics',
      description: 'Counting which pages are used.',
      requiresReconsent: false,
    },
    {
      purposeKey: 'offers',
      title: 'Tailored offers',
      description: 'Offers chosen from what you use.',
      requiresReconsent: false,
    },
    {
      purposeKey: 'billing',
      title: 'Billing',
      description: 'Invoices for your subscription.',
      requiresReconsent: false,
    },
  ],
};

/** A ledger entry as `lastRecord` carries it. */
export function record(
  overrides: Partial<LastRecordFieldsFragment> & Pick<LastRecordFieldsFragment, 'purposeKey' | 'action'>,
): LastRecordFieldsFragment {
  return {
    id: `rec-${overrides.purposeKey}-${overrides.action}`,
    channel: 'WEB',
    method: 'privacy-center/toggle',
    occurredAt: '2026-03-04T10:15:00.000Z',
    noticeVersion: { id: noticeV1.id, version: 1, purposes: noticeV1.purposes },
    ...overrides,
  };
}

function consentPurpose(key: string, title: string, description: string, gpcOptOut = false) {
  return { key, title, description, legalBasis: 'CONSENT' as const, requiresConsent: true, active: true, gpcOptOut };
}

/**
 * Three consent purposes (not given, withdrawn, granted) and one contract
 * purpose. "offers" has no decision yet, so (contract 1.1) it needs a prompt.
 */
export function meFixture(overrides: Partial<MeQuery['me']> = {}): MeQuery {
  const purposes: PurposeConsentItem[] = [
    {
      status: 'NOT_GIVEN',
      needsPrompt: true,
      lastRecord: null,
      purpose: consentPurpose('offers', 'Tailored offers', 'Offers chosen from what you use.'),
    },
    {
      status: 'WITHDRAWN',
      needsPrompt: false,
      lastRecord: record({ purposeKey: 'analytics', action: 'WITHDRAW' }),
      purpose: consentPurpose('analytics', 'Product analytics', 'Counting which pages are used.'),
    },
    {
      status: 'GRANTED',
      needsPrompt: false,
      lastRecord: record({ purposeKey: 'newsletter', action: 'GRANT' }),
      purpose: consentPurpose('newsletter', 'Newsletter', 'A weekly email about new features and partner offers.'),
    },
    {
      status: 'NOT_APPLICABLE',
      needsPrompt: false,
      lastRecord: null,
      purpose: {
        key: 'billing',
        title: 'Billing',
        description: 'Invoices for your subscription.',
        legalBasis: 'CONTRACT',
        requiresConsent: false,
        active: true,
        gpcOptOut: false,
      },
    },
  ];
  return { me: { subjectId: 'subject-1', needsPrompt: true, currentNotice: noticeV2, purposes, ...overrides } };
}

/** Every consent purpose decided ("offers" refused): nothing needs a prompt. */
export function meAllDecided(): MeQuery {
  const base = meFixture().me;
  return {
    me: {
      ...base,
      needsPrompt: false,
      purposes: base.purposes.map((item) =>
        item.purpose.key === 'offers'
          ? {
              ...item,
              status: 'REFUSED' as const,
              needsPrompt: false,
              lastRecord: record({ purposeKey: 'offers', action: 'REFUSE' }),
            }
          : item,
      ),
    },
  };
}

/** A brand-new subject: no decisions at all, so every consent purpose needs a prompt; "partners" is a GPC purpose. */
export function meFirstVisit(): MeQuery {
  const fresh = (key: string, title: string, description: string, gpcOptOut = false): PurposeConsentItem => ({
    status: 'NOT_GIVEN',
    needsPrompt: true,
    lastRecord: null,
    purpose: consentPurpose(key, title, description, gpcOptOut),
  });
  const billing = meFixture().me.purposes.find((item) => item.purpose.key === 'billing')!;
  return {
    me: {
      subjectId: 'subject-new',
      needsPrompt: true,
      currentNotice: noticeV2,
      purposes: [
        fresh('newsletter', 'Newsletter', 'A weekly email about new features and partner offers.'),
        fresh('analytics', 'Product analytics', 'Counting which pages are used.'),
        fresh('partners', 'Share with advertising partners', 'Partners show you ads based on what you use.', true),
        billing,
      ],
    },
  };
}

/** `me` after notice 2: the newsletter grant needs renewing and "offers" is new. */
export function meNeedingPrompt(): MeQuery {
  const base = meFixture().me;
  return {
    me: {
      ...base,
      needsPrompt: true,
      purposes: base.purposes.map((item) =>
        item.purpose.key === 'newsletter'
          ? { ...item, status: 'RECONSENT_REQUIRED' as const, needsPrompt: true }
          : item.purpose.key === 'offers'
            ? { ...item, needsPrompt: true }
            : item,
      ),
    },
  };
}

/** An empty first page of history. */
export const emptyHistory: ConsentHistoryQuery = {
  consentHistory: { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 },
};
