import { compareEffect, deriveStatus, effectiveRecord, type EffectTime } from './consent-status';
import { AssentError } from './errors';
import { isActive, requiresConsent } from './purposes';
import { toStateRecord, type ConsentRecordContent, type NoticeVersion, type Purpose, type StateRecord } from './types';

/** The method of every record written for a Global Privacy Control signal. */
export const GPC_METHOD = 'gpc';

/** How the signal reached Assent: the Sec-GPC request header, or navigator.globalPrivacyControl in the page. */
export const GPC_SIGNALS = ['Sec-GPC', 'navigator.globalPrivacyControl'] as const;
/** One of {@link GPC_SIGNALS}. */
export type GpcSignal = (typeof GPC_SIGNALS)[number];

/** The signal argument of applyGpc, checked exactly (it is stored as evidence); anything else is BAD_USER_INPUT. */
export function parseGpcSignal(signal: unknown): GpcSignal {
  const known = GPC_SIGNALS.find((s) => s === signal);
  if (known !== undefined) return known;
  throw new AssentError('BAD_USER_INPUT', `signal: must be 'Sec-GPC' or 'navigator.globalPrivacyControl'`, {
    details: { field: 'signal' },
  });
}

/** A status-setting record with the method that captured it (GPC tells its own records from explicit choices by it). */
export interface GpcStateRecord extends StateRecord {
  method: string;
}

/** What GPC needs to know about one subject and one purpose. */
export interface GpcPurposeRecords {
  /** The record that sets the status now ({@link effectiveRecord} of the purpose's records); null when none. */
  current: GpcStateRecord | null;
  /** The newest (in effect order) of the purpose's records whose method is {@link GPC_METHOD}; null when none. */
  lastGpc: EffectTime | null;
}

/** One record applyGpc writes; the server adds subject, notice, channel, actor and instants. */
export interface PlannedGpcRecord {
  purposeKey: string;
  action: 'REFUSE' | 'WITHDRAW';
  method: typeof GPC_METHOD;
  evidence: { signal: GpcSignal };
}

/** What {@link planGpc} needs. */
export interface PlanGpcOptions {
  /** The applyGpc argument, unchecked. */
  signal: unknown;
  /** Every purpose (only active consent purposes with gpcOptOut are looked at). */
  purposes: readonly Purpose[];
  /** The subject's records by purpose key; a purpose without an entry has none (see {@link gpcRecordsByPurpose}). */
  records: ReadonlyMap<string, GpcPurposeRecords>;
  /** Every published notice version (a grant that lapsed is RECONSENT_REQUIRED and left alone). */
  notices: readonly NoticeVersion[];
  now: Date;
}

// The subject granted explicitly after the signal last acted on this purpose: that later choice wins and is not undone
// on the next visit. As the contract words it, only the purpose's own gpc records count: a purpose the subject had
// refused explicitly got no gpc record when the signal came, so a later grant of it is withdrawn by the next signal,
// like a grant made before any signal.
function explicitGrantWins(r: GpcPurposeRecords): boolean {
  const { current, lastGpc } = r;
  return (
    current !== null &&
    current.action === 'GRANT' &&
    current.method !== GPC_METHOD &&
    lastGpc !== null &&
    compareEffect(current, lastGpc) > 0
  );
}

/**
 * The records applyGpc writes, in the order of `purposes`: for each active CONSENT purpose with gpcOptOut, a REFUSE
 * when its status is NOT_GIVEN, a WITHDRAW when GRANTED, nothing otherwise (so a second signal records nothing), and
 * nothing when the subject granted it explicitly after its last gpc record. Throws BAD_USER_INPUT for an unknown signal.
 */
export function planGpc(o: PlanGpcOptions): PlannedGpcRecord[] {
  const signal = parseGpcSignal(o.signal);
  const planned: PlannedGpcRecord[] = [];
  for (const purpose of o.purposes) {
    if (!purpose.gpcOptOut || !requiresConsent(purpose) || !isActive(purpose, o.now)) continue;
    const records = o.records.get(purpose.key) ?? { current: null, lastGpc: null };
    if (explicitGrantWins(records)) continue;
    const { status } = deriveStatus({ purpose, record: records.current, notices: o.notices, at: o.now });
    const action = status === 'NOT_GIVEN' ? 'REFUSE' : status === 'GRANTED' ? 'WITHDRAW' : null;
    if (action !== null) planned.push({ purposeKey: purpose.key, action, method: GPC_METHOD, evidence: { signal } });
  }
  return planned;
}

/** The {@link PlanGpcOptions.records} of one subject, from their ledger records (any order; ERASE records ignored). */
export function gpcRecordsByPurpose(
  records: readonly ConsentRecordContent[],
  at?: Date,
): Map<string, GpcPurposeRecords> {
  const byPurpose = new Map<string, ConsentRecordContent[]>();
  for (const r of records) {
    const list = byPurpose.get(r.purposeKey);
    if (list === undefined) byPurpose.set(r.purposeKey, [r]);
    else list.push(r);
  }
  const out = new Map<string, GpcPurposeRecords>();
  for (const [purposeKey, list] of byPurpose) {
    const current = effectiveRecord(list, at);
    const lastGpc = effectiveRecord(
      list.filter((r) => r.method === GPC_METHOD),
      at,
    );
    out.set(purposeKey, {
      current: current === undefined ? null : { ...toStateRecord(current), method: current.method },
      lastGpc: lastGpc === undefined ? null : { occurredAt: lastGpc.occurredAt, recordedAt: lastGpc.recordedAt },
    });
  }
  return out;
}
