import { fromLocalInputValue } from '../../ui/format-date';
import type { OnBehalfRecord } from './subject.queries';

/** How an offline choice reached the company; each has its own `method` in the ledger. */
export const OFFLINE_SOURCES = [
  { value: 'paper-form', label: 'Paper form', method: 'staff-console/offline-form' },
  { value: 'phone', label: 'Phone call', method: 'staff-console/offline-phone' },
  { value: 'letter', label: 'Letter', method: 'staff-console/offline-letter' },
  { value: 'in-person', label: 'In person', method: 'staff-console/offline-in-person' },
] as const;

/** One of {@link OFFLINE_SOURCES}. */
export type OfflineSource = (typeof OFFLINE_SOURCES)[number]['value'];

/** The offline form as typed, before validation. */
export interface OfflineConsentValues {
  action: 'GRANT' | 'WITHDRAW' | 'REFUSE' | '';
  purposeKey: string;
  source: OfflineSource;
  /** The notice version the person saw (e.g. printed on the form). */
  noticeVersionId: string;
  reference: string;
  note: string;
  /** A datetime-local value in the staff member's time zone, or '' for "now". */
  occurredAt: string;
}

/** One message per invalid field. */
export type OfflineConsentErrors = Partial<Record<keyof OfflineConsentValues, string>>;

/** What the evidence of an offline record holds (stored as the record's `evidence` JSON). */
export interface OfflineEvidence {
  source: OfflineSource;
  reference: string;
  note: string;
  capturedWith: 'assent-staff-console';
}

/** Longest reference number accepted. */
export const REFERENCE_MAX = 200;
/** Longest note accepted (evidence must stay under the API's 16 KB). */
export const NOTE_MAX = 4000;
/** The API refuses occurredAt more than 60 s ahead of its clock. */
const FUTURE_TOLERANCE_MS = 60_000;

/** The fields in the order the form shows them, so the first error gets focus. */
export const OFFLINE_FIELD_ORDER: (keyof OfflineConsentValues)[] = [
  'action',
  'purposeKey',
  'source',
  'noticeVersionId',
  'reference',
  'note',
  'occurredAt',
];

/**
 * Checks the offline form and builds the ledger write: channel OFFLINE, the
 * source's method, evidence { source, reference, note }, occurredAt when given.
 * Evidence is required: a reference number and a note.
 */
export function validateOfflineConsent(
  values: OfflineConsentValues,
  context: { subjectId: string; now: Date },
):
  | { ok: true; record: OnBehalfRecord; evidence: OfflineEvidence; occurredAt: string | null }
  | { ok: false; errors: OfflineConsentErrors } {
  const errors: OfflineConsentErrors = {};
  const reference = values.reference.trim();
  const note = values.note.trim();
  const source = OFFLINE_SOURCES.find((candidate) => candidate.value === values.source);

  if (values.action === '') errors.action = 'Choose whether the person gave consent, said no, or withdrew consent.';
  if (values.purposeKey === '') errors.purposeKey = 'Choose the purpose the person decided about.';
  if (!source) errors.source = 'Choose how the decision reached us.';
  if (values.noticeVersionId === '') errors.noticeVersionId = 'Choose the notice version the person saw.';
  if (reference === '')
    errors.reference = 'Enter the reference number of the form, letter or call: it is the evidence.';
  else if (reference.length > REFERENCE_MAX) errors.reference = `Keep the reference to ${REFERENCE_MAX} characters.`;
  if (note === '') errors.note = 'Describe what the person said or wrote, and how you checked it was them.';
  else if (note.length > NOTE_MAX) errors.note = `Keep the note to ${NOTE_MAX} characters.`;

  let occurredAt: string | null = null;
  if (values.occurredAt.trim() !== '') {
    occurredAt = fromLocalInputValue(values.occurredAt.trim());
    if (occurredAt === null) errors.occurredAt = 'Enter a date and time, or leave it empty for now.';
    else if (new Date(occurredAt).getTime() > context.now.getTime() + FUTURE_TOLERANCE_MS)
      errors.occurredAt = 'The date cannot be in the future.';
  }

  if (Object.keys(errors).length > 0 || !source || values.action === '') return { ok: false, errors };

  const evidence: OfflineEvidence = { source: source.value, reference, note, capturedWith: 'assent-staff-console' };
  return {
    ok: true,
    evidence,
    occurredAt,
    record: {
      action: values.action,
      input: {
        subjectId: context.subjectId,
        purposeKey: values.purposeKey,
        noticeVersionId: values.noticeVersionId,
        channel: 'OFFLINE',
        method: source.method,
        evidence,
        ...(occurredAt ? { occurredAt } : {}),
      },
    },
  };
}
