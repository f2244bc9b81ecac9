import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { GraphQLRequest } from '@assent/web-kit';
import { graphql } from '../../gql';
import type { ConsentOverviewQuery, OverviewInterval } from '../../gql/graphql';

/** Per consent purpose: answers per day or week, the share granted now, and answers per notice, channel and language. */
export const consentOverviewDocument = graphql(`
  query ConsentOverview($from: String!, $to: String!, $interval: OverviewInterval) {
    consentOverview(from: $from, to: $to, interval: $interval) {
      from
      to
      interval
      computedAt
      purposes {
        purpose {
          key
          title
        }
        shareGranted
        series {
          start
          grants
          refusals
          withdrawals
        }
        byNoticeVersion {
          version
          granted
          refused
          decidedLater
        }
        byChannel {
          key
          grants
          refusals
          withdrawals
        }
        byLocale {
          key
          grants
          refusals
          withdrawals
        }
      }
    }
  }
`);

/** The overview of a range. */
export type ConsentOverviewReport = ConsentOverviewQuery['consentOverview'];
/** One purpose's part of it. */
export type PurposeOverviewItem = ConsentOverviewReport['purposes'][number];

/** Which days, in which buckets. */
export interface OverviewRange {
  from: string;
  to: string;
  interval: OverviewInterval;
}

/** The overview of a range; the previous range stays on screen while the next one loads. */
export const consentOverviewQueryOptions = (request: GraphQLRequest, range: OverviewRange) =>
  queryOptions({
    queryKey: ['consentOverview', range] as const,
    queryFn: () => request(consentOverviewDocument, range),
    select: (d) => d.consentOverview,
    placeholderData: keepPreviousData,
  });
