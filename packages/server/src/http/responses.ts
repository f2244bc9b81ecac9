import type { ServerResponse } from 'node:http';

// The headers and error answers both HTTP paths write (the node:http fast path in graphql-http.ts and
// express in server.ts), so a client cannot tell which path served it.

/** The largest request body /graphql accepts (what express.json's '1mb' meant). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** The answers to a body that is not a GraphQL request at all, the same on both HTTP paths. */
export const BODY_ERRORS = {
  tooLarge: { status: 413, message: 'Request body is larger than 1 MB.' },
  notJson: { status: 400, message: 'The request body is not valid JSON.' },
  charset: { status: 415, message: 'The request body must be JSON in UTF-8 (Content-Type: application/json).' },
  encoding: { status: 415, message: 'Content-Encoding must be gzip, deflate, br or identity.' },
} as const;

/** Decisions and histories are personal data that go stale the moment consent changes: no cache may store an answer. */
export function noStore(res: ServerResponse): void {
  res.setHeader('cache-control', 'no-store');
}

/** The headers of a GraphQL answer to a client that accepts JSON (what Apollo negotiates for it). */
export const GRAPHQL_JSON_HEADERS: readonly (readonly [string, string])[] = [
  ['content-type', 'application/json; charset=utf-8'],
];

/** Writes a complete GraphQL answer (Apollo's, or the decide fast path's): its headers, no-store, its length. */
export function sendGraphqlAnswer(
  res: ServerResponse,
  status: number,
  headers: Iterable<readonly [string, string]>,
  body: string | Buffer,
): void {
  // One writeHead with a flat list: node:http then builds no header map for the response (headers set before, e.g.
  // by cors.ts, are kept and these are set after them, as setHeader would). Cache-Control and Content-Length are
  // always these; an answer's own (Apollo's cache-control plugin) are replaced.
  const list: (string | number)[] = [];
  for (const [key, value] of headers) if (key !== 'cache-control' && key !== 'content-length') list.push(key, value);
  list.push('cache-control', 'no-store', 'content-length', Buffer.byteLength(body));
  res.writeHead(status, list as string[]);
  res.end(body);
}

/** Writes a GraphQL-shaped error answer (`errors[0].extensions.code`) that no cache stores. */
export function sendError(res: ServerResponse, status: number, message: string, code: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  noStore(res);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Writes one of BODY_ERRORS as a GraphQL error response with code BAD_REQUEST. */
export function sendBodyError(res: ServerResponse, which: keyof typeof BODY_ERRORS): void {
  const { status, message } = BODY_ERRORS[which];
  sendError(res, status, message, 'BAD_REQUEST');
}

/** What an unexpected failure answers, on both HTTP paths (the cause goes to the log only). */
export const sendUnexpected = (res: ServerResponse) =>
  sendError(res, 500, 'Unexpected error.', 'INTERNAL_SERVER_ERROR');
