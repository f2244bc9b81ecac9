import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

/** The largest request body /graphql accepts (what express.json's '1mb' meant). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** The answers to a body that is not a GraphQL request at all, the same on both HTTP paths. */
export const BODY_ERRORS = {
  tooLarge: { status: 413, message: 'Request body is larger than 1 MB.' },
  notJson: { status: 400, message: 'The request body is not valid JSON.' },
} as const;

/** Decisions and histories are personal data that go stale the moment consent changes: no cache may store an answer. */
export function noStore(res: ServerResponse): void {
  res.setHeader('cache-control', 'no-store');
}

/** Writes a GraphQL-shaped error answer (`errors[0].extensions.code`) that no cache stores. */
export function sendError(res: ServerResponse, status: number, message: string, code: string): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  noStore(res);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Writes one of BODY_ERRORS as a GraphQL error response with code BAD_REQUEST. */
export function sendBodyError(res: ServerResponse, which: keyof typeof BODY_ERRORS): void {
  const { status, message } = BODY_ERRORS[which];
  sendError(res, status, message, 'BAD_REQUEST');
}

/** What an unexpected failure answers, on both HTTP paths (the cause goes to the log only). */
export const sendUnexpected = (res: ServerResponse) => sendError(res, 500, 'Unexpected error.', 'INTERNAL_SERVER_ERROR');

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * POST /graphql with a JSON body, from node:http straight to Apollo. Express ran its router, its
 * request and response helpers and body-parser on every API call: ~10% of a decision's CPU, and
 * most of the per-request objects that outlived a young-generation GC (they made each scavenge
 * copy ~2 MB and pause the event loop for ~8 ms under load; BENCHMARKS.md, finding 6). Anything
 * else (GET, another content type, a compressed body, other paths) returns false and is left to
 * express, which still serves it as before.
 */
export function graphqlHttpHandler<C extends BaseContext>(apollo: ApolloServer<C>, context: (req: IncomingMessage) => Promise<C>, onError: (err: unknown) => void) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (req.method !== 'POST') return false;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    if ((q === -1 ? url : url.slice(0, q)) !== '/graphql') return false;
    const type = req.headers['content-type'];
    if (!type || !JSON_TYPE.test(type)) return false;
    const encoding = req.headers['content-encoding'];
    if (encoding && encoding.toLowerCase() !== 'identity') return false;
    if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT_BYTES) {
      sendBodyError(res, 'tooLarge');
      return true;
    }
    readBody(req, res)
      .then(async (text) => {
        if (text === null) return;
        let body: unknown = {};
        if (text.trim() !== '') {
          const first = text.trimStart()[0];
          try {
            // As express.json's strict mode: only an object or an array is a request body.
            if (first !== '{' && first !== '[') throw new SyntaxError('not an object or array');
            body = JSON.parse(text);
          } catch {
            return sendBodyError(res, 'notJson');
          }
        }
        const headers = new HeaderMap();
        for (const [key, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
        const answer = await apollo.executeHTTPGraphQLRequest({
          httpGraphQLRequest: { method: 'POST', headers, search: q === -1 ? '' : url.slice(q), body },
          context: () => context(req),
        });
        for (const [key, value] of answer.headers) res.setHeader(key, value);
        noStore(res);
        res.statusCode = answer.status ?? 200;
        if (answer.body.kind === 'complete') {
          res.setHeader('content-length', Buffer.byteLength(answer.body.string));
          res.end(answer.body.string);
          return;
        }
        for await (const chunk of answer.body.asyncIterator) res.write(chunk);
        res.end();
      })
      .catch((err: unknown) => {
        onError(err);
        if (res.headersSent) return void res.destroy();
        sendUnexpected(res);
      });
    return true;
  };
}

/** The body as UTF-8 text, or null when it was over the limit (then 413 has been sent). */
function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) {
        over = true;
        chunks.length = 0;
        sendBodyError(res, 'tooLarge');
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    let ended = false;
    req.on('end', () => {
      ended = true;
      if (!over) resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8'));
    });
    req.on('error', reject);
    // A client that went away mid-body: nothing to answer.
    req.on('close', () => void (ended || resolve(null)));
  });
}
