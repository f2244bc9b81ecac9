import type { GraphQLRequest } from '@assent/web-kit';
import { graphql } from '../../gql';

/** The signed receipt of one of the subject's own records. */
export const consentReceiptDocument = graphql(`
  query ConsentReceipt($recordId: ID!) {
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
