import type { FetchLike } from '../src/transport.ts';

/** One request the fake server received. */
export interface SeenRequest {
  operation: string;
  variables: Record<string, unknown>;
  headers: Record<string, string>;
}

/** What a handler returns: a GraphQL body, optionally with an HTTP status and headers, or a thrown error for a network failure. */
export type FakeAnswer =
  | { status?: number; headers?: Record<string, string>; body: unknown }
  | { raw: string; status: number; headers?: Record<string, string> };

/**
 * A fetch that answers GraphQL operations by name, standing in for the server at the network
 * boundary only: everything above it (transport, batching, errors) is the real code.
 */
export function fakeFetch(
  handlers: Record<string, (variables: Record<string, unknown>, n: number) => FakeAnswer | Promise<FakeAnswer>>,
) {
  const seen: SeenRequest[] = [];
  const fetch: FetchLike = async (_url, init) => {
    const { query, variables } = JSON.parse(init.body) as { query: string; variables: Record<string, unknown> };
    const operation = /\b(?:query|mutation|subscription)\s+(\w+)/.exec(query)?.[1] ?? '?';
    seen.push({ operation, variables: variables ?? {}, headers: init.headers });
    const handler = handlers[operation];
    if (!handler) throw new Error(`no fake for ${operation}`);
    const answer = await handler(variables ?? {}, seen.filter((s) => s.operation === operation).length);
    if ('raw' in answer) return new Response(answer.raw, { status: answer.status, headers: answer.headers });
    return new Response(JSON.stringify(answer.body), {
      status: answer.status ?? 200,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  };
  return { fetch, seen };
}

/** A decision as the server answers it. */
export const decision = (subjectId: string, purposeKey: string, allowed = true) => ({
  subjectId,
  purposeKey,
  allowed,
  legalBasis: 'CONSENT',
  reason: allowed ? 'CONSENT_GRANTED' : 'NO_CONSENT',
  at: '2026-12-06T00:00:00.000Z',
  record: null,
});

/** A GraphQL error body with a code. */
export const gqlError = (code: string, message = code, extensions: Record<string, unknown> = {}) => ({
  data: null,
  errors: [{ message, extensions: { code, ...extensions } }],
});
