/** The parts of an Assent CloudEvent this consumer reads. */
export interface AssentEvent {
  id: string;
  type: 'assent.consent.granted' | 'assent.consent.withdrawn' | 'assent.notice.published' | string;
  subject?: string;
  time: string;
  data: {
    record?: { id: string; subjectId: string; purposeKey: string; action: 'GRANT' | 'WITHDRAW'; noticeVersion: { id: string; version: number }; occurredAt: string; recordedAt: string };
    purpose?: { key: string; legalBasis: string };
    notice?: { id: string; version: number; effectiveAt: string; purposes: { purposeKey: string; requiresReconsent: boolean }[] };
  };
}

interface Standing { granted: boolean; occurredAt: string; recordedAt: string; noticeVersion: number }

/**
 * The audience of one purpose, kept from Assent's events by the ledger's own rules: a record counts
 * when it is the subject's newest by (occurredAt, recordedAt) — so a replayed or back-dated event
 * never undoes a newer choice — and a grant stops counting once a notice that requires fresh consent
 * for this purpose is in effect. Applying an event twice changes nothing (the event id is the key).
 */
export function marketingAudience(purposeKey: string) {
  const standing = new Map<string, Standing>();
  const seen = new Set<string>();
  let reconsentFrom: { version: number; effectiveAt: string } | null = null;

  const newer = (a: { occurredAt: string; recordedAt: string }, b: { occurredAt: string; recordedAt: string }) =>
    a.occurredAt > b.occurredAt || (a.occurredAt === b.occurredAt && a.recordedAt > b.recordedAt);

  return {
    /** Applies one event; says what it did. */
    apply(event: AssentEvent): 'applied' | 'duplicate' | 'ignored' {
      if (seen.has(event.id)) return 'duplicate';
      seen.add(event.id);
      const { record, notice } = event.data;
      if (event.type === 'assent.notice.published' && notice) {
        const changed = notice.purposes.find((p) => p.purposeKey === purposeKey && p.requiresReconsent);
        if (!changed || (reconsentFrom && reconsentFrom.version >= notice.version)) return 'ignored';
        reconsentFrom = { version: notice.version, effectiveAt: notice.effectiveAt };
        return 'applied';
      }
      if (!record || record.purposeKey !== purposeKey) return 'ignored';
      const current = standing.get(record.subjectId);
      if (current && !newer(record, current)) return 'ignored';
      standing.set(record.subjectId, { granted: record.action === 'GRANT', occurredAt: record.occurredAt, recordedAt: record.recordedAt, noticeVersion: record.noticeVersion.version });
      return 'applied';
    },
    /** Subjects that may be emailed now, sorted. */
    subjects(now = new Date()): string[] {
      const stale = (s: Standing) => reconsentFrom !== null && s.noticeVersion < reconsentFrom.version && now.toISOString() >= new Date(reconsentFrom.effectiveAt).toISOString();
      return [...standing].filter(([, s]) => s.granted && !stale(s)).map(([id]) => id).sort();
    },
  };
}
