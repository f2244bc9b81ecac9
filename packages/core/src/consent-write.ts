import { AssentError } from './errors';
import type { TConsentInput } from './schemas';
import type { ActorKind, Role } from './types';

/** How far in the future a client clock may put occurredAt before the write is refused. */
export const MAX_CLOCK_SKEW_MS = 60_000;

/** The authenticated caller of a consent write. */
export interface WriteActor {
  role: Role;
  kind: ActorKind;
  /** API key id or staff name; for SUBJECT tokens, whatever the token names (the subject id is used instead). */
  id: string | null;
  /** The one subject a SUBJECT token speaks for. */
  subjectId?: string;
}

/** The fields of a consent write that say who records for whom, when and with what proof (grantConsent's input, recordChoices' too). */
export type ConsentWriteInput = Pick<TConsentInput, 'subjectId' | 'channel' | 'evidence' | 'occurredAt'>;

/** What the server writes once the rules have run. */
export interface ConsentWritePlan {
  subjectId: string;
  occurredAt: Date;
  evidence: unknown | null;
  actorKind: ActorKind;
  actorId: string | null;
}

/**
 * True for evidence that proves nothing. Evidence is what shows the subject made the choice: a JSON object with at
 * least one key, a string that is not blank, or an array holding at least one of those. Absent, null, `{}`, `""`,
 * `[]`, and a bare number or boolean (`false` and `0` read as "no" to a person and prove nothing) are no evidence.
 */
export function isEmptyEvidence(e: unknown): boolean {
  // Iterative: evidence is checked before its depth is, and arrays may be nested as deep as a body allows.
  const pending: unknown[] = [e];
  for (let v = pending.pop(); pending.length > 0 || v !== undefined; v = pending.pop()) {
    if (typeof v === 'string' && v.trim() !== '') return false;
    if (Array.isArray(v)) for (const inner of v) pending.push(inner);
    else if (v !== null && typeof v === 'object' && Object.keys(v).length > 0) return false;
  }
  return true;
}

/**
 * An instant accepted within the clock-skew allowance is stored as `now` at the latest: the allowance is for clocks,
 * not for records that take effect later. A record stamped after the moment it is written would otherwise rest on a
 * decision the subject has not made yet, and outrank the subject's own withdrawal written in the seconds between
 * (status effects are ordered by occurredAt).
 */
export function notAfter(occurredAt: Date, now: Date): Date {
  return occurredAt.getTime() > now.getTime() ? now : occurredAt;
}

/**
 * The earliest occurredAt taken: an instant before 1970 is a zero or default date (Go's and .NET's zero time is
 * 0001-01-01) that an export wrote where it had none, not the moment a choice was made.
 */
export const EARLIEST_OCCURRED_AT = new Date('1970-01-01T00:00:00.000Z');

/**
 * Why an occurredAt sent by a caller is refused, or null: before {@link EARLIEST_OCCURRED_AT}, or more than the
 * clock-skew allowance ahead of now. Single writes throw it; an import reports it per row.
 */
export function occurredAtProblem(occurredAt: Date, now: Date): { message: string; userMessage: string } | null {
  if (occurredAt.getTime() < EARLIEST_OCCURRED_AT.getTime())
    return {
      message: `occurredAt ${occurredAt.toISOString()} is before 1970: a zero or default date, not the instant the choice was made`,
      userMessage: 'occurredAt is too early; send the instant the choice was made.',
    };
  if (occurredAt.getTime() - now.getTime() > MAX_CLOCK_SKEW_MS)
    return {
      message: `occurredAt ${occurredAt.toISOString()} is more than 60 s in the future`,
      userMessage: 'occurredAt cannot be in the future; send the instant the choice was made.',
    };
  return null;
}

function checkOccurredAt(occurredAt: Date, now: Date): void {
  const problem = occurredAtProblem(occurredAt, now);
  if (problem) throw new AssentError('BAD_USER_INPUT', problem.message, { userMessage: problem.userMessage });
}

function planSubjectWrite(input: ConsentWriteInput, actor: WriteActor, now: Date): ConsentWritePlan {
  const own = actor.subjectId;
  if (own === undefined || own === '') throw new AssentError('FORBIDDEN', 'this subject token names no subject');
  if (input.subjectId !== undefined && input.subjectId !== own) {
    throw new AssentError('FORBIDDEN', 'a subject token may only record consent for its own subject');
  }
  if (input.occurredAt !== undefined) {
    throw new AssentError('BAD_USER_INPUT', "occurredAt: a subject's records are stamped by the server; omit it", {
      details: { field: 'occurredAt' },
    });
  }
  return { subjectId: own, occurredAt: now, evidence: input.evidence ?? null, actorKind: 'SUBJECT', actorId: own };
}

function planOnBehalfWrite(
  input: ConsentWriteInput,
  actor: WriteActor,
  role: 'SERVICE' | 'SUPPORT' | 'ADMIN',
  now: Date,
): ConsentWritePlan {
  if (role === 'SUPPORT' && input.channel !== 'OFFLINE') {
    throw new AssentError('FORBIDDEN', 'support staff record offline consent only');
  }
  if (input.subjectId === undefined) {
    throw new AssentError('BAD_USER_INPUT', "subjectId: required when recording on a subject's behalf", {
      details: { field: 'subjectId' },
    });
  }
  if (isEmptyEvidence(input.evidence)) {
    throw new AssentError(
      'BAD_USER_INPUT',
      "evidence: required when recording on a subject's behalf (what shows the subject chose this)",
      {
        details: { field: 'evidence' },
      },
    );
  }
  const sent = input.occurredAt ?? now;
  checkOccurredAt(sent, now);
  return {
    subjectId: input.subjectId,
    occurredAt: notAfter(sent, now),
    evidence: input.evidence ?? null,
    actorKind: role,
    actorId: actor.id,
  };
}

/** Applies the rules of who may record what for whom, and when; throws FORBIDDEN or BAD_USER_INPUT otherwise. */
export function planConsentWrite(i: { input: ConsentWriteInput; actor: WriteActor; now: Date }): ConsentWritePlan {
  const { input, actor, now } = i;
  switch (actor.role) {
    case 'SUBJECT':
      return planSubjectWrite(input, actor, now);
    case 'SERVICE':
    case 'SUPPORT':
    case 'ADMIN':
      return planOnBehalfWrite(input, actor, actor.role, now);
  }
}
