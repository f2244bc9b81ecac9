import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { BODY_LIMIT_BYTES, noStore, sendBodyError, sendGraphqlAnswer, sendUnexpected } from './responses.ts';

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/**
 * Whether a request takes the fast path: POST /graphql with a JSON body, uncompressed (every API call
 * a client library makes). Anything else (GET, another content type, a compressed body, other paths)
 * is left to express, which serves it as before. http/server.ts asks this for every request.
 */
export function isPlainGraphqlPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  const q = url.indexOf('?');
  if ((q === -1 ? url : url.slice(0, q)) !== '/graphql') return false;
  const type = req.headers['content-type'];
  if (!type || !JSON_TYPE.test(type)) return false;
  const encoding = req.headers['content-encoding'];
  return !encoding || encoding.toLowerCase() === 'identity';
}

/**
 * Answers a parsed body first when it can (the decide fast path, http/decide-fast-path.ts): undefined when it
 * did, else what the context of Apollo's answer must carry.
 */
export type FirstTry<C> = (req: IncomingMessage, res: ServerResponse, body: unknown) => Promise<Partial<C> | undefined>;

/**
 * A request isPlainGraphqlPost accepted, from node:http straight to Apollo (after `firstTry`, when given). Express
 * ran its router, its request and response helpers and body-parser on every API call: a measurable share of a
 * decision's CPU, and most of the per-request objects that outlived a young-generation GC, which made each
 * scavenge copy more and pause the event loop under load (BENCHMARKS.md explains the measurements).
 */
export function graphqlHttpHandler<C extends BaseContext>(
  apollo: ApolloServer<C>,
  context: (req: IncomingMessage, handover?: Partial<C>) => Promise<C>,
  onError: (err: unknown) => void,
  firstTry?: FirstTry<C>,
) {
  const toApollo = async (req: IncomingMessage, res: ServerResponse, body: unknown, handover?: Partial<C>) => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers))
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    const answer = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: q === -1 ? '' : url.slice(q), body },
      context: () => context(req, handover),
    });
    if (answer.body.kind === 'complete') {
      sendGraphqlAnswer(res, answer.status ?? 200, answer.headers, answer.body.string);
      return;
    }
    for (const [key, value] of answer.headers) res.setHeader(key, value);
    noStore(res);
    res.statusCode = answer.status ?? 200;
    for await (const chunk of answer.body.asyncIterator) res.write(chunk);
    res.end();
  };

  /** One async function per request (reading, parsing, the first try, Apollo): no promise chain of its own. */
  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const text = await readBody(req, res);
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
      const handover = firstTry ? await firstTry(req, res, body) : undefined;
      if (firstTry && handover === undefined) return;
      await toApollo(req, res, body, handover);
    } catch (err) {
      onError(err);
      if (res.headersSent) return void res.destroy();
      sendUnexpected(res);
    }
  };

  return (req: IncomingMessage, res: ServerResponse): void => {
    if (Number(req.headers['content-length'] ?? 0) > BODY_LIMIT_BYTES) {
      sendBodyError(res, 'tooLarge');
      return;
    }
    void serve(req, res);
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
      if (!over)
        resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8'));
    });
    req.on('error', reject);
    // A client that went away mid-body: nothing to answer.
    req.on('close', () => void (ended || resolve(null)));
  });
}
