import { vi } from 'vitest';

/** What a mocked operation answers: a GraphQL body (data and/or errors). */
export type GraphQLBody = { data?: unknown; errors?: { message: string; extensions?: { code: string } }[] };

/** Answers one operation from its variables (and the Authorization header it came with). */
export type GraphQLResolver = (
  variables: Record<string, unknown>,
  authorization: string | null,
) => GraphQLBody | Promise<GraphQLBody>;

/** One request the app sent, decoded. */
export interface SentRequest {
  operationName: string;
  variables: Record<string, unknown>;
  authorization: string | null;
}

/** A GraphQL body with an error carrying `extensions.code`, as the server sends it. */
export function graphqlError(code: string, message = 'refused'): GraphQLBody {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Replaces the global `fetch` with a GraphQL server that answers by operation
 * name; an operation without a resolver gets an INTERNAL_SERVER_ERROR. `sent`
 * collects every request in order.
 */
export function stubGraphQLFetch(resolvers: Record<string, GraphQLResolver>) {
  const sent: SentRequest[] = [];
  const fetchMock = vi.fn(async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as { operationName: string; variables: Record<string, unknown> };
    const authorization = new Headers(init.headers).get('Authorization');
    sent.push({ operationName: body.operationName, variables: body.variables, authorization });
    const resolver = resolvers[body.operationName];
    const answer = resolver
      ? await resolver(body.variables, authorization)
      : graphqlError('INTERNAL_SERVER_ERROR', `unmocked ${body.operationName}`);
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { sent, fetchMock };
}
