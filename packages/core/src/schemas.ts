import { z } from 'zod';
import { AssentError } from './errors';
import { CHANNELS, CONSENT_MODE_TYPES, DECISION_ACTIONS, EVENT_TYPES, LEGAL_BASES } from './types';
import { webhookUrlProblem } from './webhook-url';

/** A value JSON can carry, as stored in a record's evidence. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** The largest evidence accepted, in UTF-8 bytes of its JSON text. */
export const EVIDENCE_MAX_BYTES = 16384;

// With the u flag a well-formed surrogate pair is one code point, so this matches only unpaired halves, which
// canonical JSON (RFC 8785) refuses and hashing would throw on.
const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /\p{Cc}/u;
// PostgreSQL text and jsonb cannot store U+0000.
const NUL = '\u0000';
// Anything a subject id may not hold: an unpaired surrogate, a control character (NUL included), whitespace at either end.
const SUBJECT_SUSPECT = /[\p{Cs}\p{Cc}]|^\s|\s$/u;

function textProblem(s: string): string | null {
  if (LONE_SURROGATE.test(s)) return 'must be valid Unicode (no unpaired surrogates)';
  if (s.includes(NUL)) return 'must not contain the NUL character';
  return null;
}

/** A string of min..max characters, nothing else checked. */
function sized(min: number, max: number) {
  return z
    .string()
    .min(min, min === 1 ? 'must not be empty' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);
}

/** A custom issue about the whole string checked. */
function pushIssue(ctx: z.core.ParsePayload<string>, message: string) {
  ctx.issues.push({ code: 'custom', message, input: ctx.value });
}

function text(min: number, max: number) {
  return sized(min, max).check((ctx) => {
    const problem = textProblem(ctx.value);
    if (problem !== null) pushIssue(ctx, problem);
  });
}

const FORMAT = /\p{Cf}/u;
// Control characters other than the line breaks and tabs prose may hold.
const CONTROL_NOT_LAYOUT = /[^\P{Cc}\n\r\t]/u;

/**
 * A name people read on one line (a purpose's title, an API key's name): text() that is not blank, holds no control
 * character (a line break included) and no whitespace at either end. Stored texts of notices are append-only: a blank
 * or garbled one could only be superseded, never mended.
 */
function line(min: number, max: number) {
  return text(min, max).check((ctx) => {
    const s = ctx.value;
    if (s.length === 0) return;
    if (s.trim() === '') pushIssue(ctx, 'must not be blank');
    else if (CONTROL.test(s)) pushIssue(ctx, 'must not contain control characters or line breaks');
    else if (s.trim() !== s) pushIssue(ctx, 'must not start or end with whitespace');
  });
}

/** Text people read in paragraphs (a notice's summary, a purpose's description): not blank; line breaks and tabs allowed, no other control character. */
function prose(min: number, max: number) {
  return text(min, max).check((ctx) => {
    const s = ctx.value;
    if (s.length === 0) return;
    if (s.trim() === '') pushIssue(ctx, 'must not be blank');
    else if (CONTROL_NOT_LAYOUT.test(s))
      pushIssue(ctx, 'must not contain control characters other than line breaks and tabs');
  });
}

/**
 * A label a program sets (a method, an importId): a line() that also holds no invisible format character (a zero-width
 * space, a bidirectional mark), so two labels that look the same are the same.
 */
export function token(min: number, max: number) {
  return line(min, max).check((ctx) => {
    if (FORMAT.test(ctx.value))
      pushIssue(ctx, 'must not contain invisible format characters (e.g. a zero-width space)');
  });
}

// GraphQL passes an explicit null for an omitted nullable argument as often as it leaves it out: treat both as absent.
function absent<T extends z.ZodType>(schema: T) {
  return schema
    .nullish()
    .transform((v): Exclude<z.output<T>, null> | undefined =>
      v === null ? undefined : (v as Exclude<z.output<T>, null>),
    )
    .optional();
}

/**
 * ISO-8601 date-time text with a time zone that names a real instant: the calendar is checked (2026-02-30 and
 * 2025-02-29 are refused, where `new Date` would silently roll them into March), as are hours, minutes and offsets.
 */
export const ZDateTimeText = z.iso.datetime({ offset: true });

/** A DateTime argument: a Date (as the DateTime scalar yields) or an ISO-8601 string with offset. */
export const ZDateTime = z.union([z.date(), ZDateTimeText.transform((s) => new Date(s))], {
  error: 'must be an ISO-8601 date-time, e.g. 2026-11-29T15:34:55.123Z',
});
/** Output of {@link ZDateTime}. */
export type TDateTime = z.infer<typeof ZDateTime>;

/** A purpose key: a lowercase slug such as 'marketing-email'. */
export const ZPurposeKey = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .regex(
    /^[a-z0-9]+(?:-[a-z0-9]+)*$/,
    "must be lowercase letters and digits in words joined by '-', e.g. 'marketing-email'",
  );
/** Output of {@link ZPurposeKey}. */
export type TPurposeKey = z.infer<typeof ZPurposeKey>;

/** A subject id as the product knows its user: 1..256 characters, no control characters, no surrounding spaces. */
export const ZSubjectId = sized(1, 256).check((ctx) => {
  // One scan for the common case (decideMany checks up to 1,000 ids per call); the issues, in text()'s order, only when it finds something.
  const s = ctx.value;
  if (!SUBJECT_SUSPECT.test(s)) return;
  // As text()'s check did, an encoding problem stops there; the two refinements that followed it each reported.
  const problem = textProblem(s);
  const problems =
    problem !== null
      ? [problem]
      : [
          CONTROL.test(s) ? 'must not contain control characters' : null,
          s.trim() === s ? null : 'must not start or end with whitespace',
        ];
  for (const message of problems) if (message !== null) ctx.issues.push({ code: 'custom', message, input: s });
});
/** Output of {@link ZSubjectId}. */
export type TSubjectId = z.infer<typeof ZSubjectId>;

/** Which UI element or mechanism captured a choice, e.g. 'privacy-center/toggle'. */
export const ZMethod = token(1, 200);
/** Output of {@link ZMethod}. */
export type TMethod = z.infer<typeof ZMethod>;

/** The deepest nesting of arrays and objects accepted in evidence. */
export const EVIDENCE_MAX_DEPTH = 64;

const NOT_JSON = 'evidence must be plain JSON (objects, arrays, strings, numbers, booleans, null)';
const TOO_LARGE = 'evidence is larger than 16 KB';

// Iterative, and bounded before anything recursive (JSON.stringify, canonicalize, the database driver) sees the
// value: every JSON value takes at least one byte, so more nodes than bytes allowed is too large (and ends cycles).
function jsonShapeProblem(value: unknown): string | null {
  const pending: Array<[unknown, number]> = [[value, 0]];
  let nodes = 0;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [v, depth] = next;
    nodes += 1;
    if (nodes > EVIDENCE_MAX_BYTES) return TOO_LARGE;
    if (v === null || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return 'evidence numbers must be finite';
      continue;
    }
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem !== null) return `evidence strings ${problem}`;
      continue;
    }
    if (typeof v !== 'object') return NOT_JSON;
    if (depth >= EVIDENCE_MAX_DEPTH) return `evidence is nested more than ${EVIDENCE_MAX_DEPTH} levels deep`;
    if (Array.isArray(v)) {
      for (const inner of v) pending.push([inner, depth + 1]);
      continue;
    }
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return NOT_JSON;
    for (const [key, inner] of Object.entries(v)) {
      const problem = textProblem(key);
      if (problem !== null) return `evidence keys ${problem}`;
      pending.push([inner, depth + 1]);
    }
  }
  return null;
}

/** Evidence of a choice: any JSON value whose JSON text is at most 16 KB of UTF-8, nested at most 64 levels. */
export const ZEvidence = z.custom<JsonValue>().check((ctx) => {
  const problem =
    jsonShapeProblem(ctx.value) ?? (utf8Length(JSON.stringify(ctx.value)) > EVIDENCE_MAX_BYTES ? TOO_LARGE : null);
  if (problem !== null) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
});

function utf8Length(json: string): number {
  return new TextEncoder().encode(json).length;
}
/** Output of {@link ZEvidence}. */
export type TEvidence = z.infer<typeof ZEvidence>;

/** A BCP 47 language tag such as 'en' or 'de-CH', in its canonical case ('EN-us' becomes 'en-US'). */
export const ZLocale = sized(1, 35).transform((s, ctx) => {
  try {
    const [canonical] = Intl.getCanonicalLocales(s);
    if (canonical !== undefined) return canonical;
  } catch {
    // RangeError: not a well-formed tag; reported below.
  }
  ctx.issues.push({ code: 'custom', message: "must be a BCP 47 language tag, e.g. 'en' or 'de-CH'", input: s });
  return z.NEVER;
});
/** Output of {@link ZLocale}. */
export type TLocale = z.infer<typeof ZLocale>;

/** A `locale` argument of a read: a BCP 47 tag or a whole Accept-Language value (matched by matchLocale). */
export const ZLocaleRequest = absent(sized(1, 1000));
/** Output of {@link ZLocaleRequest}. */
export type TLocaleRequest = z.infer<typeof ZLocaleRequest>;

/** Arguments of grantConsent and withdrawConsent (who may set what is decided by planConsentWrite). */
export const ZConsentInput = z.object({
  subjectId: absent(ZSubjectId),
  purposeKey: ZPurposeKey,
  noticeVersionId: absent(z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters')),
  channel: z.enum(CHANNELS),
  method: ZMethod,
  evidence: absent(ZEvidence),
  occurredAt: absent(ZDateTime),
  locale: absent(ZLocale),
});
/** Output of {@link ZConsentInput}. */
export type TConsentInput = z.infer<typeof ZConsentInput>;

const NOT_IRI = 'must be an absolute http(s) IRI, e.g. https://w3id.org/dpv#Marketing';

/** A W3C DPV purpose IRI: an absolute http or https IRI (non-ASCII letters allowed, no spaces). */
export const ZDpvIri = text(1, 2048).check((ctx) => {
  const s = ctx.value;
  let problem: string | null = null;
  // Characters RFC 3987 excludes from an IRI; URL would silently percent-encode or strip them.
  if (/[\s\p{Cc}<>"{}|\\^`]/u.test(s)) problem = `${NOT_IRI}, without spaces or any of <>"{}|\\^\``;
  else if (!URL.canParse(s)) problem = NOT_IRI;
  else {
    const url = new URL(s);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') problem = NOT_IRI;
  }
  if (problem !== null) ctx.issues.push({ code: 'custom', message: problem, input: s });
});
/** Output of {@link ZDpvIri}. */
export type TDpvIri = z.infer<typeof ZDpvIri>;

/** The Google Consent Mode v2 types a purpose governs, each at most once; omitted or null means none. */
export const ZConsentMode = z
  .array(z.enum(CONSENT_MODE_TYPES, { error: `must be one of ${CONSENT_MODE_TYPES.join(', ')}` }))
  .max(CONSENT_MODE_TYPES.length, `must list at most ${CONSENT_MODE_TYPES.length} types`)
  .check((ctx) => {
    ctx.value.forEach((type, index) => {
      if (ctx.value.indexOf(type) !== index) {
        ctx.issues.push({ code: 'custom', message: `lists '${type}' more than once`, input: type, path: [index] });
      }
    });
  })
  .nullish()
  .transform((v) => v ?? []);
/** Output of {@link ZConsentMode}. */
export type TConsentMode = z.infer<typeof ZConsentMode>;

/** Arguments of definePurpose. */
export const ZPurposeInput = z.object({
  key: ZPurposeKey,
  title: line(1, 200),
  description: prose(1, 5000),
  legalBasis: z.enum(LEGAL_BASES),
  // Contract 1.1: Boolean = false; an explicit null means the default too.
  gpcOptOut: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
  dpvPurpose: absent(ZDpvIri),
  consentMode: ZConsentMode,
});
/** Output of {@link ZPurposeInput}. */
export type TPurposeInput = z.infer<typeof ZPurposeInput>;

/** The most choices one recordChoices call may hold (as many as decideMany's requests). */
export const MAX_CHOICES = 1000;

/** One decision of recordChoices: GRANT, REFUSE or WITHDRAW of one purpose. */
export const ZChoiceInput = z.object({
  purposeKey: ZPurposeKey,
  action: z.enum(DECISION_ACTIONS, { error: 'must be GRANT, REFUSE or WITHDRAW' }),
});
/** Output of {@link ZChoiceInput}. */
export type TChoiceInput = z.infer<typeof ZChoiceInput>;

/** Arguments of recordChoices: at least one choice, each purpose at most once (the purposes themselves are checked by planChoices). */
export const ZChoicesInput = z.object({
  subjectId: absent(ZSubjectId),
  noticeVersionId: absent(z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters')),
  channel: z.enum(CHANNELS),
  method: ZMethod,
  evidence: absent(ZEvidence),
  occurredAt: absent(ZDateTime),
  locale: absent(ZLocale),
  choices: z
    .array(ZChoiceInput)
    .min(1, 'must hold at least one choice')
    .max(MAX_CHOICES, `must hold at most ${MAX_CHOICES} choices`)
    .check((ctx) => {
      const first = new Map<string, number>();
      ctx.value.forEach((c, index) => {
        const earlier = first.get(c.purposeKey);
        if (earlier !== undefined) {
          ctx.issues.push({
            code: 'custom',
            message: `'${c.purposeKey}' is already chosen in choices[${earlier}]; each purpose at most once`,
            input: c.purposeKey,
            path: [index, 'purposeKey'],
          });
        } else first.set(c.purposeKey, index);
      });
    }),
});
/** Output of {@link ZChoicesInput}. */
export type TChoicesInput = z.infer<typeof ZChoicesInput>;

/** How a notice to be published words one purpose. */
export const ZNoticePurposeInput = z.object({
  purposeKey: ZPurposeKey,
  title: line(1, 200),
  description: prose(1, 5000),
  requiresReconsent: z.boolean(),
});
/** Output of {@link ZNoticePurposeInput}. */
export type TNoticePurposeInput = z.infer<typeof ZNoticePurposeInput>;

/** One purpose's texts in a translation (1.1). */
export const ZNoticePurposeTranslationInput = z.object({
  purposeKey: ZPurposeKey,
  title: line(1, 200),
  description: prose(1, 5000),
});
/** Output of {@link ZNoticePurposeTranslationInput}. */
export type TNoticePurposeTranslationInput = z.infer<typeof ZNoticePurposeTranslationInput>;

/** A notice's texts in one more language (1.1); that it words every purpose is checked by checkTranslations. */
export const ZNoticeTranslationInput = z.object({
  locale: ZLocale,
  summary: prose(1, 5000),
  purposes: z.array(ZNoticePurposeTranslationInput),
});
/** Output of {@link ZNoticeTranslationInput}. */
export type TNoticeTranslationInput = z.infer<typeof ZNoticeTranslationInput>;

/** The most languages one notice may have besides its default. */
export const MAX_TRANSLATIONS = 50;

/** Arguments of publishNotice (that every active purpose appears is checked by the server, which knows them). */
export const ZPublishNoticeInput = z.object({
  summary: prose(1, 5000),
  purposes: z
    .array(ZNoticePurposeInput)
    .min(1, 'must list at least one purpose')
    .check((ctx) => {
      const seen = new Set<string>();
      ctx.value.forEach((p, index) => {
        if (seen.has(p.purposeKey)) {
          ctx.issues.push({
            code: 'custom',
            message: `lists '${p.purposeKey}' more than once`,
            input: p.purposeKey,
            path: [index, 'purposeKey'],
          });
        }
        seen.add(p.purposeKey);
      });
    }),
  effectiveAt: absent(ZDateTime),
  // Contract 1.1: String = "en", Boolean = false; an explicit null means the default too.
  defaultLocale: ZLocale.nullish().transform((v) => v ?? 'en'),
  translations: z
    .array(ZNoticeTranslationInput)
    .max(MAX_TRANSLATIONS, `must hold at most ${MAX_TRANSLATIONS} translations`)
    .nullish()
    .transform((v) => v ?? []),
  acceptReadabilityIssues: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
});
/** Output of {@link ZPublishNoticeInput}. */
export type TPublishNoticeInput = z.infer<typeof ZPublishNoticeInput>;

/** One question of decide / decideMany: this subject, this purpose. */
export const ZDecideInput = z.object({
  subjectId: ZSubjectId,
  purposeKey: ZPurposeKey,
});
/** Output of {@link ZDecideInput}. */
export type TDecideInput = z.infer<typeof ZDecideInput>;

/** eraseSubject's arguments (#16): the subject, and why it is erased (kept in clear in the ERASE record: no personal data). */
export const ZEraseSubjectInput = z
  .object({
    subjectId: ZSubjectId,
    reason: text(1, 500).refine((s) => s.trim().length > 0, 'must not be blank'),
  })
  // The reason stays in clear in the ledger for good (the chain hashes it): it must not name the person erased.
  .refine((i) => i.subjectId === '' || !i.reason.toLowerCase().includes(i.subjectId.toLowerCase()), {
    path: ['reason'],
    message:
      'must not contain the subject id: the reason is kept in clear for good, so it must not identify the person',
  });
/** Output of {@link ZEraseSubjectInput}. */
export type TEraseSubjectInput = z.infer<typeof ZEraseSubjectInput>;

/** The requests of decideMany: at most 1000. */
export const ZDecideManyRequests = z.array(ZDecideInput).max(1000, 'must hold at most 1000 requests');
/** Output of {@link ZDecideManyRequests}. */
export type TDecideManyRequests = z.infer<typeof ZDecideManyRequests>;

/** Page size of consentHistory: 1..200. */
export const ZHistoryFirst = z
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(200, 'must be at most 200');
/** Output of {@link ZHistoryFirst}. */
export type THistoryFirst = z.infer<typeof ZHistoryFirst>;

/** Page size of the staff's subject lists (subjectsByPrefix, recentlyChangedSubjects): 1..100. */
export const ZSubjectListFirst = z
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(100, 'must be at most 100');

/** Lifetime of a subject token in seconds: one second (tests of expiry) to one day. */
export const ZTtlSeconds = z
  .int('must be a whole number')
  .min(1, 'must be at least 1 second')
  .max(86400, 'must be at most 86400 seconds (one day)');
/** Output of {@link ZTtlSeconds}. */
export type TTtlSeconds = z.infer<typeof ZTtlSeconds>;

/** Lifetime of a visitor session's token in seconds: one minute to one year (a banner remembers the visitor that long). */
export const ZVisitorTtlSeconds = z
  .int('must be a whole number')
  .min(60, 'must be at least 60 seconds')
  .max(31_536_000, 'must be at most 31536000 seconds (one year)');
/** Output of {@link ZVisitorTtlSeconds}. */
export type TVisitorTtlSeconds = z.infer<typeof ZVisitorTtlSeconds>;

/** The name of an API key. */
export const ZApiKeyName = line(1, 100);
/** Output of {@link ZApiKeyName}. */
export type TApiKeyName = z.infer<typeof ZApiKeyName>;

/** The role of a new API key: staff and services only (subjects get subject tokens). */
export const ZApiKeyRole = z.enum(['ADMIN', 'SERVICE', 'SUPPORT'], {
  error: 'must be ADMIN, SERVICE or SUPPORT (subjects get subject tokens)',
});
/** Output of {@link ZApiKeyRole}. */
export type TApiKeyRole = z.infer<typeof ZApiKeyRole>;

/**
 * The id of a ledger record. Ids are opaque to clients (GraphQL ID; Assent makes UUIDs), so any other text of a sane
 * length is simply no record's id: NOT_FOUND, as for an unknown UUID, not BAD_USER_INPUT.
 */
export const ZRecordId = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters (a record id)');

/** consentReceipt's arguments. */
export const ZReceiptInput = z.object({ recordId: ZRecordId });

/** The id of an API key. */
export const ZApiKeyId = sized(1, 100);
/** Output of {@link ZApiKeyId}. */
export type TApiKeyId = z.infer<typeof ZApiKeyId>;

/** Event types a webhook subscribes to; when given, at least one. */
export const ZEventTypes = z
  .array(z.enum(EVENT_TYPES))
  .min(1, 'must list at least one event type, or be omitted for all');
/** Output of {@link ZEventTypes}. */
export type TEventTypes = z.infer<typeof ZEventTypes>;

/** Arguments of registerWebhook; link-local and metadata literals are refused here, resolved names by the server. */
export const ZWebhookInput = z.object({
  url: z
    .string()
    .max(2048, 'must be at most 2048 characters')
    .check((ctx) => {
      const problem = webhookUrlProblem(ctx.value);
      if (problem !== null) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
    }),
  purposeKeys: absent(z.array(ZPurposeKey)),
  eventTypes: absent(ZEventTypes),
});
/** Output of {@link ZWebhookInput}. */
export type TWebhookInput = z.infer<typeof ZWebhookInput>;

/** One validation problem, with the path of the field it is about (e.g. 'purposes[1].purposeKey'). */
export interface InputIssue {
  path: string;
  message: string;
}

function formatPath(path: readonly PropertyKey[], field?: string): string {
  let out = field ?? '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? 'input' : out;
}

/**
 * Validates untrusted input; on failure throws AssentError BAD_USER_INPUT with a message naming each field. `field`
 * names a single argument checked alone (e.g. 'subjectId'), so its problems are not reported as the whole 'input'.
 */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, field?: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues: InputIssue[] = result.error.issues.map((issue) => ({
    path: formatPath(issue.path, field),
    message: issue.message,
  }));
  const message = issues
    // "evidence is larger than 16 KB" already names its field.
    .map((i) => (i.message.startsWith(i.path) ? i.message : `${i.path}: ${i.message}`))
    .join('; ');
  throw new AssentError('BAD_USER_INPUT', message, { details: { issues }, cause: result.error });
}
