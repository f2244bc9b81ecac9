import type { GraphQLRequest } from '@assent/web-kit';
import { graphql } from '../../gql';
import type { ExportHistoryQuery } from '../../gql/graphql';
import { meDocument } from '../consents/consent.queries';

/** One page of the full ledger entries, evidence and hashes included, for the download. */
export const exportHistoryDocument = graphql(`
  query ExportHistory($subjectId: ID!, $first: Int, $after: String) {
    consentHistory(subjectId: $subjectId, first: $first, after: $after) {
      edges {
        node {
          id
          subjectId
          purposeKey
          action
          channel
          method
          actor {
            kind
            id
          }
          evidence
          occurredAt
          recordedAt
          hash
          previousHash
          noticeVersion {
            id
            version
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** A full ledger entry as written to the download. */
export type ExportedRecord = ExportHistoryQuery['consentHistory']['edges'][number]['node'];

/** The largest page the API serves (consentHistory's `first` is 1..200). */
const EXPORT_PAGE_SIZE = 200;

/** Fetches the subject's current consents and every ledger entry, and returns them as one document. */
export async function buildSubjectRecord(request: GraphQLRequest, now: Date = new Date()) {
  const { me } = await request(meDocument);
  const history: ExportedRecord[] = [];
  let after: string | null = null;
  do {
    const page: ExportHistoryQuery = await request(exportHistoryDocument, {
      subjectId: me.subjectId,
      first: EXPORT_PAGE_SIZE,
      after,
    });
    history.push(...page.consentHistory.edges.map((edge) => edge.node));
    const { hasNextPage, endCursor } = page.consentHistory.pageInfo;
    after = hasNextPage ? (endCursor ?? null) : null;
  } while (after);

  return {
    format: 'assent/subject-record@1',
    exportedAt: now.toISOString(),
    subjectId: me.subjectId,
    currentNotice: me.currentNotice,
    consents: me.purposes.map((item) => ({
      purposeKey: item.purpose.key,
      title: item.purpose.title,
      description: item.purpose.description,
      legalBasis: item.purpose.legalBasis,
      status: item.status,
      needsPrompt: item.needsPrompt,
      lastRecordId: item.lastRecord?.id ?? null,
    })),
    history,
  };
}
