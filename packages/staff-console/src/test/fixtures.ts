import type {
  LedgerRecordFieldsFragment,
  NoticeFieldsFragment,
  PurposeFieldsFragment,
  SubjectConsentsQuery,
} from '../gql/graphql';

/** Purposes as the demo seed defines them (a subset). */
export const purposes: PurposeFieldsFragment[] = [
  {
    key: 'essential-service',
    title: 'Essential service',
    description: 'Running your account.',
    legalBasis: 'CONTRACT',
    requiresConsent: false,
    active: true,
    gpcOptOut: false,
    dpvPurpose: 'https://w3id.org/dpv#ServiceProvision',
    consentMode: [],
  },
  {
    key: 'marketing-email',
    title: 'Marketing emails',
    description: 'News and offers by email.',
    legalBasis: 'CONSENT',
    requiresConsent: true,
    active: true,
    gpcOptOut: false,
    dpvPurpose: 'https://w3id.org/dpv#DirectMarketing',
    consentMode: [],
  },
  {
    key: 'analytics',
    title: 'Product analytics',
    description: 'Counting which pages are used.',
    legalBasis: 'CONSENT',
    requiresConsent: true,
    active: true,
    gpcOptOut: false,
    dpvPurpose: null,
    consentMode: [],
  },
];

/** Notice version 1. */
export const noticeV1: NoticeFieldsFragment = {
  id: 'notice-1',
  version: 1,
  publishedAt: '2026-01-10T09:00:00.000Z',
  effectiveAt: '2026-01-10T09:00:00.000Z',
  summary: 'How we use your data.',
  contentHash: 'a'.repeat(64),
  locale: 'en',
  defaultLocale: 'en',
  availableLocales: ['en'],
  purposes: [
    {
      purposeKey: 'essential-service',
      title: 'Essential service',
      description: 'Running your account.',
      requiresReconsent: false,
    },
    {
      purposeKey: 'marketing-email',
      title: 'Marketing emails',
      description: 'A monthly email about new features.',
      requiresReconsent: false,
    },
    {
      purposeKey: 'analytics',
      title: 'Product analytics',
      description: 'Counting which pages are used.',
      requiresReconsent: false,
    },
  ],
};

/** Notice version 2: the marketing text changed and needs fresh consent. */
export const noticeV2: NoticeFieldsFragment = {
  ...noticeV1,
  id: 'notice-2',
  version: 2,
  publishedAt: '2026-06-01T09:00:00.000Z',
  effectiveAt: '2026-06-01T09:00:00.000Z',
  contentHash: 'b'.repeat(64),
  purposes: [
    {
      purposeKey: 'essential-service',
      title: 'Essential service',
      description: 'Running your account.',
      requiresReconsent: false,
    },
    {
      purposeKey: 'marketing-email',
      title: 'Marketing emails',
      description: 'A weekly email about new features and partner offers.',
      requiresReconsent: true,
    },
    {
      purposeKey: 'analytics',
      title: 'Product analytics',
      description: 'Counting which pages are used.',
      requiresReconsent: false,
    },
  ],
};

/** A ledger entry with every field. */
export function ledgerRecord(overrides: Partial<LedgerRecordFieldsFragment> = {}): LedgerRecordFieldsFragment {
  return {
    id: 'rec-1',
    subjectId: 'jane-42',
    purposeKey: 'marketing-email',
    action: 'GRANT',
    channel: 'WEB',
    method: 'privacy-center/toggle',
    actor: { kind: 'SUBJECT', id: 'jane-42' },
    evidence: null,
    occurredAt: '2026-03-04T10:15:00.000Z',
    recordedAt: '2026-03-04T10:15:00.000Z',
    hash: 'c'.repeat(64),
    previousHash: null,
    noticeVersion: { id: 'notice-1', version: 1 },
    ...overrides,
  };
}

/** SubjectLedger's answer: the whole history in one page, these records newest first. */
export function ledgerPage(...records: LedgerRecordFieldsFragment[]) {
  return {
    data: {
      consentHistory: {
        edges: records.map((node) => ({ node })),
        pageInfo: { hasNextPage: false, endCursor: null },
        totalCount: records.length,
      },
    },
  };
}

/** Subject jane-42: marketing granted under v1, analytics never asked, essential service on contract. */
export function subjectFixture(): SubjectConsentsQuery {
  return {
    subject: {
      subjectId: 'jane-42',
      needsPrompt: false,
      currentNotice: { id: 'notice-2', version: 2 },
      purposes: [
        { status: 'NOT_APPLICABLE', needsPrompt: false, purpose: purposes[0]!, lastRecord: null },
        {
          status: 'GRANTED',
          needsPrompt: false,
          purpose: purposes[1]!,
          lastRecord: {
            id: 'rec-1',
            action: 'GRANT',
            channel: 'WEB',
            occurredAt: '2026-03-04T10:15:00.000Z',
            noticeVersion: { id: 'notice-1', version: 1 },
          },
        },
        { status: 'NOT_GIVEN', needsPrompt: false, purpose: purposes[2]!, lastRecord: null },
      ],
    },
  };
}
