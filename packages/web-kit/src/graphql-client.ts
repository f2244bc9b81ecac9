import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

/** The codes the API puts in `extensions.code`, plus two of our own for transport failures. */
export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'CONSENT_NOT_APPLICABLE'
  | 'RATE_LIMITED'
  | 'INTERNAL_SERVER_ERROR'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'BAD_REQUEST'
  /** The request never got a GraphQL answer (offline, proxy down, HTML error page). */
  | 'NETWORK_ERROR'
  | (string & {});

interface GraphQLErrorPayload {
  message: string;
  extensions?: { code?: string } & Record<string, unknown>;
}

interface GraphQLResponse<TData> {
  data?: TData | null;
  errors?: GraphQLErrorPayload[];
}

/** A failed GraphQL request; `code` is the first error's `extensions.code`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly code: ApiErrorCode;
  readonly extensions: Record<string, unknown>;
  readonly status: number | undefined;

  constructor(
    message: string,
    options: { code: ApiErrorCode; extensions?: Record<string, unknown>; status?: number; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.code = options.code;
    this.extensions = { ...options.extensions, code: options.code };
    this.status = options.status;
  }
}

/** True when `error` is an ApiError with that code. */
export function isApiError(error: unknown, code?: ApiErrorCode): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

/**
 * A typed operation: the TypedDocumentString that graphql-codegen's client preset
 * generates in each app (documentMode 'string'), whose text is the operation.
 */
export type TypedDocument<TResult, TVariables> = DocumentTypeDecoration<TResult, TVariables> & { toString(): string };

/** Runs one typed operation: `request(document, variables)`. */
export type GraphQLRequest = <TResult, TVariables>(
  document: TypedDocument<TResult, TVariables>,
  variables?: TVariables,
) => Promise<TResult>;

export interface GraphQLClientOptions {
  /** Same-origin in production: the server serves this app beside POST /graphql. */
  endpoint?: string;
  /** Read on every request, so a token captured after start-up is used. */
  getToken: () => string | null;
  /** Read on every request: where to send it (the staff console sends a cookie session's calls to /staff/graphql). */
  getEndpoint?: () => string;
  /** Read on every request: extra headers (the staff console's CSRF token). */
  getHeaders?: () => Record<string, string>;
  fetch?: typeof fetch;
}

const OPERATION_NAME = /\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/;

/** A minimal fetch-based GraphQL client: typed documents in, data out, errors as ApiError. */
export function createGraphQLClient(options: GraphQLClientOptions): GraphQLRequest {
  return async (document, variables) => {
    const endpoint = options.getEndpoint?.() ?? options.endpoint ?? '/graphql';
    const query = document.toString();
    const headers: Record<string, string> = {
      ...options.getHeaders?.(),
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json',
    };
    const token = options.getToken();
    if (token) headers.Authorization = `Bearer ${token}`;

    let response: Response;
    try {
      // Looked up at call time so tests (and polyfills) that replace fetch are honoured.
      const doFetch = options.fetch ?? globalThis.fetch;
      response = await doFetch(endpoint, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables: variables ?? {}, operationName: OPERATION_NAME.exec(query)?.[1] }),
      });
    } catch (cause) {
      throw new ApiError('The server could not be reached.', { code: 'NETWORK_ERROR', cause });
    }

    let body: GraphQLResponse<unknown>;
    try {
      body = (await response.json()) as GraphQLResponse<unknown>;
    } catch (cause) {
      throw new ApiError(`The server answered ${response.status} without a GraphQL response.`, {
        code: response.status === 401 ? 'UNAUTHENTICATED' : 'NETWORK_ERROR',
        status: response.status,
        cause,
      });
    }

    const first = body.errors?.[0];
    if (first) {
      throw new ApiError(first.message, {
        code: first.extensions?.code ?? (response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR'),
        extensions: first.extensions ?? {},
        status: response.status,
      });
    }
    if (!response.ok || body.data == null) {
      throw new ApiError(`The server answered ${response.status} without data.`, {
        code: response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR',
        status: response.status,
      });
    }
    return body.data as never;
  };
}
