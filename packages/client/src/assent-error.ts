/** The codes of contract 1.1 (`extensions.code`), one doc line each. */
export const CONTRACT_ERROR_CODES = {
  UNAUTHENTICATED: 'No token, or a token that is unknown, expired or revoked.',
  FORBIDDEN: 'The token is valid but its role may not do this (or not for this subject).',
  BAD_USER_INPUT: 'An argument is malformed or breaks a rule; `issues` names the fields.',
  NOT_FOUND: 'The purpose, notice, subject, key or webhook named does not exist.',
  CONFLICT: 'The request clashes with the current state.',
  CONSENT_NOT_APPLICABLE:
    'The purpose rests on a legal basis other than consent, so consent cannot be recorded for it.',
  RATE_LIMITED: 'Over the request budget; nothing was written; retry after `retryAfterSeconds`.',
  INTERNAL_SERVER_ERROR: 'Something unexpected failed on the server; the details are in its log.',
  GRAPHQL_PARSE_FAILED: 'The request is not valid GraphQL (a client bug).',
  GRAPHQL_VALIDATION_FAILED:
    'The request does not match the server schema (client and server versions differ, or a query limit was hit).',
  BAD_REQUEST: 'The HTTP request itself was refused (HTTP 400, or 413 for a body over 1 MB).',
} as const;

/** Codes this client adds for failures that never reached a GraphQL answer. */
export const CLIENT_ERROR_CODES = {
  NETWORK_ERROR:
    'No usable answer: the connection failed or timed out, or the server answered something that is not GraphQL JSON (e.g. a proxy error page); `status` holds the HTTP status when there was one. Nothing tells whether a mutation was written: read before retrying it.',
  DEPENDENCY_MISSING:
    "An optional peer dependency the chosen option needs is not installed (`nats` for source 'jetstream'): nothing was sent; install it (the message names the version) and start again.",
} as const;

/** Every code an {@link AssentError} carries; a code a newer server sends passes through as its string. */
export type AssentErrorCode = keyof typeof CONTRACT_ERROR_CODES | keyof typeof CLIENT_ERROR_CODES;

/** One invalid field of a BAD_USER_INPUT error, e.g. `{ path: 'input.evidence', message: '…' }`. */
export interface AssentIssue {
  path: string;
  message: string;
  /** importConsents: the row (0-based, in the call) the issue is about. */
  index?: number;
  /** importConsents: the row's problem in a few words, as the import summary lists it. */
  reason?: string;
}

/** One error of a GraphQL answer, as the server formats it. */
export interface GraphQLErrorBody {
  message: string;
  path?: readonly (string | number)[];
  extensions?: {
    code?: unknown;
    userMessage?: unknown;
    issues?: unknown;
    retryAfterSeconds?: unknown;
    [k: string]: unknown;
  };
}

/** What an {@link AssentError} is made of. */
export interface AssentErrorInit {
  userMessage?: string;
  issues?: readonly AssentIssue[];
  retryAfterSeconds?: number;
  status?: number;
  path?: readonly (string | number)[];
  /** Every error of the answer (the first one gives code and message). */
  errors?: readonly GraphQLErrorBody[];
  cause?: unknown;
}

/** Every failure of an Assent call: the contract's `extensions.code`, or one of {@link CLIENT_ERROR_CODES}. */
export class AssentError extends Error {
  override readonly name = 'AssentError';
  readonly code: AssentErrorCode | (string & {});
  /** What went wrong and what to do, safe to show to an end user. */
  readonly userMessage: string;
  /** The invalid fields of a BAD_USER_INPUT error (empty otherwise). */
  readonly issues: readonly AssentIssue[];
  /** RATE_LIMITED: seconds to wait (extensions.retryAfterSeconds, else the Retry-After header). */
  readonly retryAfterSeconds: number | undefined;
  /** The HTTP status of the answer, when there was one. */
  readonly status: number | undefined;
  /** The GraphQL path of the failing field, when the server gave one. */
  readonly path: readonly (string | number)[] | undefined;
  readonly errors: readonly GraphQLErrorBody[];

  constructor(code: AssentErrorCode | (string & {}), message: string, init: AssentErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = code;
    this.userMessage = init.userMessage ?? message;
    this.issues = init.issues ?? [];
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.status = init.status;
    this.path = init.path;
    this.errors = init.errors ?? [];
  }
}

/** True for an {@link AssentError}, also one made by another copy of this package. */
export function isAssentError(e: unknown): e is AssentError {
  return (
    e instanceof AssentError ||
    (e instanceof Error && e.name === 'AssentError' && typeof (e as { code?: unknown }).code === 'string')
  );
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

function asIssues(v: unknown): AssentIssue[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter(
      (i): i is AssentIssue =>
        typeof i === 'object' && i !== null && typeof i.path === 'string' && typeof i.message === 'string',
    )
    .map((i) => ({
      path: i.path,
      message: i.message,
      ...(typeof i.index === 'number' ? { index: i.index } : {}),
      ...(typeof i.reason === 'string' ? { reason: i.reason } : {}),
    }));
}

/** The AssentError of a GraphQL answer's errors (the first error decides code and message). */
export function errorFromGraphQL(
  errors: readonly GraphQLErrorBody[],
  status: number,
  retryAfterHeader?: number,
): AssentError {
  const first = errors[0] ?? { message: 'The server answered with an empty error list.' };
  const ext = first.extensions ?? {};
  const code = typeof ext.code === 'string' ? ext.code : status === 429 ? 'RATE_LIMITED' : 'INTERNAL_SERVER_ERROR';
  const fromBody = typeof ext.retryAfterSeconds === 'number' ? ext.retryAfterSeconds : undefined;
  return new AssentError(code, first.message, {
    userMessage: typeof ext.userMessage === 'string' ? ext.userMessage : undefined,
    issues: asIssues(ext.issues),
    retryAfterSeconds: code === 'RATE_LIMITED' ? (fromBody ?? retryAfterHeader) : undefined,
    status,
    path: first.path,
    errors,
  });
}
