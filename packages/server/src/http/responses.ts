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
