import { describe, expect, it } from 'vitest';
import { decide } from './decide';
import {
  hashProtectedRecord,
  reprotectChain,
  scrubEventPayload,
  verifyStoredChain,
  type StoredRecord,
} from './erasure';
import { hashRecord } from './ledger-hash';

const t = new Date('2026-12-01T10:00:00.000Z');

function clearRow(seq: number, previousHash: string | null): StoredRecord {
  const base = {
    id: `r${seq}`,
    subjectId: 'alice',
    seq,
    purposeKey: 'marketing-email',
    action: 'GRANT',
    noticeVersionId: 'n1',
    noticeVersion: 1,
    channel: 'WEB',
    method: 'form',
    actorKind: 'SUBJECT',
    actorId: 'alice',
    evidence: '{"phone":"+49 30 1234"}',
    occurredAt: t,
    recordedAt: t,
    previousHash,
    locale: null,
    hashVersion: 1,
    sealed: null,
    legacyHash: null,
  };
  const hash = hashRecord(
    { ...base, action: 'GRANT', channel: 'WEB', actorKind: 'SUBJECT', evidence: { phone: '+49 30 1234' } },
    previousHash,
  );
  return { ...base, hash };
}

function clearChain(n: number): StoredRecord[] {
  const rows: StoredRecord[] = [];
  for (let i = 0; i < n; i++) rows.push(clearRow(i, rows[i - 1]?.hash ?? null));
  return rows;
}

const protect = () => ({ subjectId: 'ps_x', actorId: null, sealed: 'ciphertext' });

describe('stored chains', () => {
  it('a format-1 chain verifies from its clear rows', () => {
    expect(verifyStoredChain(clearChain(3)).ok).toBe(true);
  });

  it('a re-protected chain keeps each first hash in legacyHash and verifies from the protected rows alone', () => {
    const old = clearChain(3);
    const rows = reprotectChain(old, protect);
    expect(rows.map((r) => r.legacyHash)).toEqual(old.map((r) => r.hash));
    expect(rows.every((r) => r.evidence === null && r.subjectId === 'ps_x' && r.hashVersion === 2)).toBe(true);
    expect(verifyStoredChain(rows)).toMatchObject({ ok: true, recordsChecked: 3 });
  });

  it('a changed ciphertext, pseudonym or legacy hash breaks the format-2 chain at that row', () => {
    for (const field of ['sealed', 'subjectId', 'legacyHash'] as const) {
      const rows = reprotectChain(clearChain(3), protect);
      rows[1] = { ...rows[1]!, [field]: 'forged' };
      expect(verifyStoredChain(rows)).toMatchObject({ ok: false, firstBrokenRecordId: 'r1' });
    }
  });

  it('a chain that mixes formats verifies each row in its own format', () => {
    const [first] = clearChain(1);
    const second: StoredRecord = {
      ...first!,
      id: 'r1',
      seq: 1,
      subjectId: 'ps_x',
      hashVersion: 2,
      sealed: 'c',
      evidence: null,
      previousHash: first!.hash,
      hash: '',
    };
    second.hash = hashProtectedRecord(second, first!.hash);
    expect(verifyStoredChain([first!, second]).ok).toBe(true);
  });

  it('an unknown format never verifies', () => {
    const [row] = clearChain(1);
    expect(verifyStoredChain([{ ...row!, hashVersion: 3 }]).ok).toBe(false);
  });
});

describe('erased subjects', () => {
  it('decide says SUBJECT_ERASED, allowed false, whatever the purpose or record', () => {
    const purpose = { key: 'k', legalBasis: 'CONTRACT', retiredAt: null } as never;
    expect(decide({ purpose, record: null, notices: [], at: t, erased: true })).toMatchObject({
      allowed: false,
      reason: 'SUBJECT_ERASED',
    });
  });

  it('scrubbing an event takes the identifier out of subject, record.subjectId and a subject actor', () => {
    const e = scrubEventPayload({
      subject: 'alice',
      data: { record: { subjectId: 'alice', actor: { kind: 'SUBJECT', id: 'alice' } }, purpose: { key: 'k' } },
    });
    expect(JSON.stringify(e)).not.toContain('alice');
    expect(e.data.purpose).toEqual({ key: 'k' });
  });
});
