/** Every code an Assent error can carry; the server maps each one to `extensions.code`. */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'CONSENT_NOT_APPLICABLE',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One doc line per error code: what it means to the caller. */
export const ERROR_CODE_DESCRIPTIONS: Readonly<Record<ErrorCode, string>> = {
  UNAUTHENTICATED: 'No token, or a token that is unknown, expired or revoked.',
  FORBIDDEN: 'The token is valid but its role may not do this (or not for this subject).',
  BAD_USER_INPUT: 'An argument is malformed or breaks a rule; the message names the field.',
  NOT_FOUND: 'The purpose, notice, subject, key or webhook named does not exist.',
  CONFLICT: 'The request clashes with the current state (e.g. a purpose key that already exists).',
  CONSENT_NOT_APPLICABLE:
    'The purpose rests on a legal basis other than consent, so consent cannot be recorded for it.',
  RATE_LIMITED: 'Too many requests; retry later.',
  INTERNAL_SERVER_ERROR: 'Something unexpected failed; the details are in the server log, not in the response.',
};

/** Options of an {@link AssentError}: what the user may read, structured details and the underlying cause. */
export interface AssentErrorOptions {
  userMessage?: string;
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** An expected failure with a code the API edge turns into `extensions.code`; anything else is masked. */
export class AssentError extends Error {
  override readonly name = 'AssentError';
  readonly code: ErrorCode;
  /** What went wrong and what to do, safe to show to an end user. */
  readonly userMessage: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, opts: AssentErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.userMessage = opts.userMessage ?? message;
    if (opts.details !== undefined) this.details = opts.details;
  }
}

/** True for an {@link AssentError}, also one thrown by another copy of this package (duplicate installs). */
export function isAssentError(e: unknown): e is AssentError {
  if (e instanceof AssentError) return true;
  if (!(e instanceof Error) || e.name !== 'AssentError') return false;
  const { code, userMessage } = e as Partial<AssentError>;
  return typeof userMessage === 'string' && (ERROR_CODES as readonly unknown[]).includes(code);
}
