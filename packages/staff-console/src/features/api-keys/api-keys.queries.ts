import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type GraphQLRequest, useGraphQLClient } from '@assent/web-kit';
import { graphql } from '../../gql';
import type { ApiKeysQuery, Role } from '../../gql/graphql';

/** API keys without secrets (ADMIN). */
export const apiKeysDocument = graphql(`
  query ApiKeys {
    apiKeys {
      id
      role
      name
      createdAt
      revokedAt
      lastUsedAt
    }
  }
`);

/** Creates a key; the secret comes back once (ADMIN). */
export const createApiKeyDocument = graphql(`
  mutation CreateApiKey($role: Role!, $name: String!) {
    createApiKey(role: $role, name: $name) {
      id
      role
      name
      secret
    }
  }
`);

/** Revokes a key at once (ADMIN). */
export const revokeApiKeyDocument = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

/** One key as listed. */
export type ApiKeyItem = ApiKeysQuery['apiKeys'][number];

const apiKeysQueryKey = ['apiKeys'] as const;

/** The key list. */
export function apiKeysQueryOptions(request: GraphQLRequest) {
  return queryOptions({ queryKey: apiKeysQueryKey, queryFn: async () => (await request(apiKeysDocument)).apiKeys });
}

/** createApiKey, refreshing the list. */
export function useCreateApiKey() {
  const request = useGraphQLClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (variables: { role: Role; name: string }) =>
      (await request(createApiKeyDocument, variables)).createApiKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: apiKeysQueryKey }),
  });
}

/** revokeApiKey, refreshing the list. */
export function useRevokeApiKey() {
  const request = useGraphQLClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => (await request(revokeApiKeyDocument, { id })).revokeApiKey,
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeysQueryKey }),
  });
}
