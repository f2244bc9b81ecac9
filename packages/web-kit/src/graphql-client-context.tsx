import { createContext, useContext, type ReactNode } from 'react';
import type { GraphQLRequest } from './graphql-client';

const GraphQLClientContext = createContext<GraphQLRequest | null>(null);

/** Makes the GraphQL client available to the queries below it. */
export function GraphQLClientProvider({ client, children }: { client: GraphQLRequest; children: ReactNode }) {
  return <GraphQLClientContext.Provider value={client}>{children}</GraphQLClientContext.Provider>;
}

/** The GraphQL client from the nearest provider. */
export function useGraphQLClient(): GraphQLRequest {
  const client = useContext(GraphQLClientContext);
  if (!client) throw new Error('useGraphQLClient needs a GraphQLClientProvider above it.');
  return client;
}
