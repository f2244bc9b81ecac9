import { compareEffect, effectiveRecord, type EffectTime } from './consent-status';
import { AssentError } from './errors';
import { isActive, requiresConsent } from './purposes';
import { GPC_METHOD } from './gpc';
import type { Channel, ConsentRecordContent, DecisionAction, Purpose } from './types';

/** Every visitor subject id starts with this, then base64url of the random bytes. */
export const VISITOR_ID_PREFIX = 'v_';

/** Random bytes in a new visitor subject id: 128 bits, too many to guess or to collide. */
export const VISITOR_ID_BYTES = 16;

// 16 bytes are 22 base64url characters (unpadded); the whole id stays within a subject id's 256 characters.
const VISITOR_ID = /^v_[A-Za-z0-9_-]{22,254}$/;

/** A source of cryptographically secure random bytes, e.g. node:crypto's randomBytes or `(n) => crypto.getRandomValues(new Uint8Array(n))`. */
export type RandomBytes = (length: number) => Uint8Array;

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** RFC 4648 §5 base64url without padding. */
export function base64url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k += 1) out += BASE64URL[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** A new anonymous subject id for startVisitorSession: 'v_' + base64url of 128 random bits from `randomBytes`. */
export function newVisitorSubjectId(randomBytes: RandomBytes): string {
  const bytes = randomBytes(VISITOR_ID_BYTES);
  // A short buffer would silently weaken every id made; refuse it loudly (a programming error, not user input).
  if (bytes.length < VISITOR_ID_BYTES)
    throw new Error(`randomBytes returned ${bytes.length} bytes, ${VISITOR_ID_BYTES} needed`);
  return VISITOR_ID_PREFIX + base64url(bytes);
}

/** True for an id shaped like one {@link newVisitorSubjectId} makes ('v_' and at least 22 base64url characters). */
export function isVisitorSubjectId(id: string): boolean {
  return VISITOR_ID.test(id);
}

/** A visitor's ledger record as linkVisitor needs it (a full ConsentRecord will do). */
export type LinkableRecord = Pick<
  ConsentRecordContent,
  | 'id'
  | 'purposeKey'
  | 'action'
  | 'noticeVersionId'
  | 'noticeVersion'
  | 'channel'
  | 'method'
  | 'occurredAt'
  | 'recordedAt'
>;

/** A known subject's record as linkVisitor needs it (a projection row or a full ConsentRecord will do). */
export interface SubjectDecisionTime extends EffectTime {
  purposeKey: string;
  /** A ConsentAction; ERASE records are passed over. */
  action: string;
}

/** Evidence of a record linkVisitor makes: which visitor and which of its records the decision was carried from. */
export interface LinkEvidence {
  linkedFrom: string;
  records: string[];
}

/** One record linkVisitor writes for the known subject; the server adds id, actor and recordedAt. */
export interface PlannedLink {
  subjectId: string;
  purposeKey: string;
  action: DecisionAction;
  /** The visitor's decision was made under this notice, so the copy rests on it too (a lapsed grant stays lapsed). */
  noticeVersionId: string;
  noticeVersion: number;
  channel: Channel;
  method: string;
  /** When the visitor decided, not when they signed in: decide(at:) then answers truthfully for the time between. */
  occurredAt: Date;
  evidence: LinkEvidence;
}

/** What {@link planLinkVisitor} needs. */
export interface PlanLinkVisitorOptions {
  visitorSubjectId: string;
  subjectId: string;
  /** The visitor's records: every one, or the status-setting one per purpose (the newest per purpose is used). */
  visitorRecords: readonly LinkableRecord[];
  /** The known subject's records: every one, or the status-setting one per purpose. */
  subjectRecords: readonly SubjectDecisionTime[];
  /**
   * The visitor's Global Privacy Control records (method gpc) of the purposes it granted: a grant made after the
   * signal carries the signal's last record with it, so the subject's next applyGpc sees the grant came later and
   * leaves it (an explicit later grant wins over the signal, on the next visit too). None: nothing more is carried.
   */
  visitorGpcRecords?: readonly LinkableRecord[];
  /** Every purpose, retired ones included. */
  purposes: readonly Purpose[];
  now: Date;
}

function byPurpose<T extends { purposeKey: string }>(records: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of records) {
    const list = out.get(r.purposeKey);
    if (list === undefined) out.set(r.purposeKey, [r]);
    else list.push(r);
  }
  return out;
}

function checkIds(visitorSubjectId: string, subjectId: string): void {
  if (!isVisitorSubjectId(visitorSubjectId)) {
    throw new AssentError(
      'BAD_USER_INPUT',
      "visitorSubjectId: not a visitor subject id (startVisitorSession makes them: 'v_' and 22 or more base64url characters)",
      {
        details: { field: 'visitorSubjectId' },
      },
    );
  }
  if (subjectId === visitorSubjectId || isVisitorSubjectId(subjectId)) {
    throw new AssentError('BAD_USER_INPUT', "subjectId: must be the signed-in subject's id, not a visitor subject id", {
      details: { field: 'subjectId' },
    });
  }
}

/**
 * The visitor's current decisions to record for the known subject, oldest first: one per consent purpose where the
 * visitor decided and the subject has no record at the same instant or later (the subject's own newer choice wins,
 * and linking twice records once). Grants of retired purposes are not carried. Throws BAD_USER_INPUT for ids that are
 * not a visitor's and a known subject's.
 */
export function planLinkVisitor(o: PlanLinkVisitorOptions): PlannedLink[] {
  checkIds(o.visitorSubjectId, o.subjectId);
  const purposes = new Map(o.purposes.map((p) => [p.key, p] as const));
  const subjectByPurpose = byPurpose(o.subjectRecords);
  const gpcByPurpose = byPurpose((o.visitorGpcRecords ?? []).filter((r) => r.method === GPC_METHOD));
  const carried: Array<LinkableRecord & { action: DecisionAction }> = [];
  for (const [purposeKey, records] of byPurpose(o.visitorRecords)) {
    // effectiveRecord passes over ERASE records, so what it finds is a decision.
    const visitor = effectiveRecord(records);
    const purpose = purposes.get(purposeKey);
    if (visitor === undefined || visitor.action === 'ERASE' || purpose === undefined || !requiresConsent(purpose))
      continue;
    const { action } = visitor;
    if (action === 'GRANT' && !isActive(purpose, o.now)) continue;
    const own = effectiveRecord(subjectByPurpose.get(purposeKey) ?? []);
    if (own !== undefined && compareEffect(own, visitor) >= 0) continue;
    carried.push({ ...visitor, action });
    if (action !== 'GRANT' || visitor.method === GPC_METHOD) continue;
    const signal = effectiveRecord((gpcByPurpose.get(purposeKey) ?? []).filter((r) => compareEffect(r, visitor) < 0));
    if (signal && signal.action !== 'ERASE' && (own === undefined || compareEffect(own, signal) < 0))
      carried.push({ ...signal, action: signal.action });
  }
  return carried.sort(compareEffect).map((r) => ({
    subjectId: o.subjectId,
    purposeKey: r.purposeKey,
    action: r.action,
    noticeVersionId: r.noticeVersionId,
    noticeVersion: r.noticeVersion,
    channel: r.channel,
    method: r.method,
    occurredAt: r.occurredAt,
    evidence: { linkedFrom: o.visitorSubjectId, records: [r.id] },
  }));
}
