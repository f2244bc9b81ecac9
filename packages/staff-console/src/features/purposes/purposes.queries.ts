import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type GraphQLRequest, useGraphQLClient } from '@assent/web-kit';
import { graphql } from '../../gql';
import type { PurposeInput, PurposeStatsQuery } from '../../gql/graphql';
import { purposesQueryKey } from '../catalog/catalog.queries';

/** Defines a new purpose (ADMIN). */
export const definePurposeDocument = graphql(`
  mutation DefinePurpose($input: PurposeInput!) {
    definePurpose(input: $input) {
      ...PurposeFields
    }
  }
`);

/** Retires a purpose: kept in history, no longer offered (ADMIN). */
export const retirePurposeDocument = graphql(`
  mutation RetirePurpose($key: ID!) {
    retirePurpose(key: $key) {
      ...PurposeFields
    }
  }
`);

/** The names of Query's fields: tells whether this server has an optional query (introspection is always on). */
export const queryFieldsDocument = graphql(`
  query QueryFields {
    __type(name: "Query") {
      fields {
        name
      }
    }
  }
`);

/** Per purpose: how many subjects granted, withdrew, said no, were never asked, and await re-consent. */
export const purposeStatsDocument = graphql(`
  query PurposeStats {
    purposeStats {
      subjects
      computedAt
      purposes {
        purpose {
          key
          title
          legalBasis
        }
        granted
        withdrawn
        refused
        notGiven
        reconsentRequired
        awaitingReconsent
      }
    }
  }
`);

/** The per-purpose overview. */
export type PurposeStatsReport = PurposeStatsQuery['purposeStats'];

/** The set of Query field names the server offers. */
export function queryFieldsQueryOptions(request: GraphQLRequest) {
  return queryOptions({
    queryKey: ['schema', 'queryFields'] as const,
    queryFn: async () => new Set((await request(queryFieldsDocument)).__type?.fields?.map((field) => field.name) ?? []),
    staleTime: Infinity,
  });
}

/** The per-purpose overview. */
export function purposeStatsQueryOptions(request: GraphQLRequest) {
  return queryOptions({
    queryKey: ['purposeStats'] as const,
    queryFn: async () => (await request(purposeStatsDocument)).purposeStats,
  });
}

/** definePurpose, refreshing the list on success. */
export function useDefinePurpose() {
  const request = useGraphQLClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: PurposeInput) => (await request(definePurposeDocument, { input })).definePurpose,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: purposesQueryKey }),
  });
}

/** retirePurpose, refreshing the list on success. */
export function useRetirePurpose() {
  const request = useGraphQLClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (key: string) => (await request(retirePurposeDocument, { key })).retirePurpose,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: purposesQueryKey }),
  });
}
