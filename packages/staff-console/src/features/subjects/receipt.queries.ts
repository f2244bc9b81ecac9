import type { GraphQLRequest } from '@assent/web-kit';
import { graphql } from '../../gql';

/** The signed receipt of one ledger record (SERVICE, SUPPORT, ADMIN: any record). */
export const consentReceiptDocument = graphql(`
  query StaffConsentReceipt($recordId: ID!) {
    consentReceipt(recordId: $recordId) {
      recordId
      jws
      payload
    }
  }
`);

/** Fetches a receipt (signed afresh on every call, so it is not cached). */
export async function fetchReceipt(request: GraphQLRequest, recordId: string) {
  return (await request(consentReceiptDocument, { recordId })).consentReceipt;
}
