import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import { AssentError, errorFromGraphQL, parseRetryAfter, type GraphQLErrorBody } from './assent-error.ts';

/** The fetch this client calls (the global one unless given): only this touches the network. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; signal?: AbortSignal },
) => Promise<Response>;

/** Opt-in retry of RATE_LIMITED answers (nothing was written, so every operation may be retried). */
export interface RetryOptions {
  /** Retry RATE_LIMITED answers after retryAfterSeconds. Default false. */
  rateLimited: boolean;
  /** Retries after the first attempt. Default 3. */
  maxRetries?: number;
  /** Wait used when the server gave no retry time. Default 1. */
  defaultRetryAfterSeconds?: number;
}

/** How requests reach the server. */
export interface TransportOptions {
  /** The GraphQL endpoint, e.g. https://assent.example.com/graphql. */
  url: string;
  /** A SERVICE or ADMIN API key (or a subject token); sent as `Authorization: Bearer <token>`. */
  token?: string;
  fetch?: FetchLike;
  retry?: RetryOptions;
  /** Abort a request after this long (NETWORK_ERROR). Default 30 s; 0 for never. */
  timeoutMs?: number;
  /** Waits between retries; tests pass a fake. */
  sleep?: (ms: number) => Promise<void>;
}

/** A typed GraphQL request over HTTP POST that throws {@link AssentError} on every failure. */
export type Request = <TResult, TVariables>(
  document: DocumentTypeDecoration<TResult, TVariables> & { toString(): string },
  variables: TVariables,
) => Promise<TResult>;

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Makes the request function every client method goes through. */
export function createTransport(o: TransportOptions): Request {
  const doFetch: FetchLike = o.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const timeoutMs = o.timeoutMs ?? 30_000;
  const sleep = o.sleep ?? defaultSleep;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  if (o.token) headers.authorization = `Bearer ${o.token}`;

  async function once(body: string): Promise<unknown> {
    let res: Response;
    try {
      res = await doFetch(o.url, {
        method: 'POST',
        headers,
        body,
        signal: timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined,
      });
    } catch (cause) {
      throw new AssentError(
        'NETWORK_ERROR',
        `Could not reach Assent at ${o.url}: ${(cause as Error)?.message ?? String(cause)}`,
        {
          userMessage: 'The consent service cannot be reached right now. Try again in a moment.',
          cause,
        },
      );
    }
    const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
    let json: { data?: unknown; errors?: GraphQLErrorBody[] } | undefined;
    try {
      json = (await res.json()) as typeof json;
    } catch (cause) {
      if (res.status === 429)
        throw new AssentError('RATE_LIMITED', 'Too many requests.', {
          status: 429,
          retryAfterSeconds: retryAfter,
          cause,
        });
      if (res.status === 413)
        throw new AssentError('BAD_REQUEST', 'The request body is over the server limit (1 MB).', {
          status: 413,
          cause,
        });
      throw new AssentError('NETWORK_ERROR', `Assent answered HTTP ${res.status} without a GraphQL body.`, {
        userMessage: 'The consent service gave an unexpected answer. Try again in a moment.',
        status: res.status,
        cause,
      });
    }
    if (json?.errors?.length) throw errorFromGraphQL(json.errors, res.status, retryAfter);
    if (json == null || json.data == null) {
      if (res.status === 429)
        throw new AssentError('RATE_LIMITED', 'Too many requests.', { status: 429, retryAfterSeconds: retryAfter });
      throw new AssentError('NETWORK_ERROR', `Assent answered HTTP ${res.status} with neither data nor errors.`, {
        status: res.status,
      });
    }
    return json.data;
  }

  return async (document, variables) => {
    const body = JSON.stringify({ query: document.toString(), variables });
    const retries = o.retry?.rateLimited ? (o.retry.maxRetries ?? 3) : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return (await once(body)) as never;
      } catch (e) {
        if (!(e instanceof AssentError) || e.code !== 'RATE_LIMITED' || attempt >= retries) throw e;
        await sleep(1000 * (e.retryAfterSeconds ?? o.retry?.defaultRetryAfterSeconds ?? 1));
      }
    }
  };
}
