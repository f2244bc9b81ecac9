import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalRecordJson, hashRecord, verifyChain } from './ledger-hash';
import { chain, content, t } from './test-fixtures';
import { ACTOR_KINDS, CHANNELS, CONSENT_ACTIONS, type ConsentRecord, type ConsentRecordContent } from './types';

const arbDate = fc.date({
  min: t('2000-01-01T00:00:00.000Z'),
  max: t('2100-01-01T00:00:00.000Z'),
  noInvalidDate: true,
});
const arbText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 });
const arbEvidence = fc.option(fc.jsonValue({ maxDepth: 3, stringUnit: 'grapheme' }), { nil: null });
const arbHash = fc.option(fc.stringMatching(/^[0-9a-f]{64}$/), { nil: null });

const arbContent: fc.Arbitrary<ConsentRecordContent> = fc.record({
  id: fc.uuid(),
  subjectId: arbText,
  purposeKey: fc.stringMatching(/^[a-z0-9]{1,8}(?:-[a-z0-9]{1,8}){0,2}$/),
  action: fc.constantFrom(...CONSENT_ACTIONS),
  noticeVersionId: fc.uuid(),
  noticeVersion: fc.integer({ min: 1, max: 10_000 }),
  channel: fc.constantFrom(...CHANNELS),
  method: arbText,
  actorKind: fc.constantFrom(...ACTOR_KINDS),
  actorId: fc.option(arbText, { nil: null }),
  evidence: arbEvidence,
  occurredAt: arbDate,
  recordedAt: arbDate,
});

// One arbitrary per hashed field, producing a replacement value for it.
const fieldChanges: { [K in keyof ConsentRecordContent]: fc.Arbitrary<ConsentRecordContent[K]> } = {
  id: fc.uuid(),
  subjectId: arbText,
  purposeKey: fc.stringMatching(/^[a-z0-9]{1,8}$/),
  action: fc.constantFrom(...CONSENT_ACTIONS),
  noticeVersionId: fc.uuid(),
  noticeVersion: fc.integer({ min: 1, max: 10_000 }),
  channel: fc.constantFrom(...CHANNELS),
  method: arbText,
  actorKind: fc.constantFrom(...ACTOR_KINDS),
  actorId: fc.option(arbText, { nil: null }),
  evidence: arbEvidence,
  occurredAt: arbDate,
  recordedAt: arbDate,
  locale: fc.constantFrom('en', 'de', 'fr-CA'),
};

// Same JSON value, every object rebuilt with its keys in reverse insertion order.
function reverseKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reverseKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, inner]) => [k, reverseKeys(inner)]),
    );
  }
  return v;
}

// A value for `field` that is certainly different from the record's own.
function tamperedValue(r: ConsentRecord, field: keyof ConsentRecordContent, replacement: unknown): unknown {
  switch (field) {
    case 'id':
      return 'forged-id';
    case 'evidence':
      return { replaced: replacement };
    case 'occurredAt':
    case 'recordedAt':
      return new Date(r[field].getTime() + 1);
    case 'noticeVersion':
      return r.noticeVersion + 1;
    default:
      return `${String(r[field])}!`;
  }
}

describe('canonicalRecordJson', () => {
  it('is RFC 8785 JSON of every content field and previousHash, keys sorted, dates as ISO (pinned)', () => {
    const r = content(0, { evidence: { b: 1, a: [true, null, 'é'] } });
    expect(canonicalRecordJson(r, 'f'.repeat(64))).toBe(
      '{"action":"GRANT","actorId":"subject-1","actorKind":"SUBJECT","channel":"WEB","evidence":{"a":[true,null,"é"],"b":1},' +
        '"id":"rec-0","method":"privacy-center/toggle","noticeVersion":1,"noticeVersionId":"notice-1",' +
        '"occurredAt":"2026-01-01T00:00:00.000Z","previousHash":"' +
        'f'.repeat(64) +
        '","purposeKey":"marketing-email",' +
        '"recordedAt":"2026-01-01T00:00:00.000Z","subjectId":"subject-1"}',
    );
  });

  it('writes absent evidence and the first previousHash as null', () => {
    const json = JSON.parse(canonicalRecordJson({ ...content(0), evidence: undefined }, null)) as Record<
      string,
      unknown
    >;
    expect(json['evidence']).toBeNull();
    expect(json['previousHash']).toBeNull();
  });
});

describe('hashRecord', () => {
  it('is the SHA-256 hex of the canonical JSON (pinned: changing it breaks every stored chain)', () => {
    expect(hashRecord(content(0, { evidence: { b: 1, a: [true, null, 'é'] } }), null)).toBe(
      '815547735f767aef2d1c49651402327296c0503bb036f1af41df969aea4321f1',
    );
  });

  it('gives the same hash for the same input, every time', () => {
    fc.assert(
      fc.property(arbContent, arbHash, (r, prev) => {
        const h = hashRecord(r, prev);
        expect(h).toMatch(/^[0-9a-f]{64}$/);
        expect(hashRecord(structuredClone(r), prev)).toBe(h);
      }),
    );
  });

  for (const field of Object.keys(fieldChanges) as Array<keyof ConsentRecordContent>) {
    it(`changes when ${field} changes`, () => {
      fc.assert(
        fc.property(arbContent, fieldChanges[field] as fc.Arbitrary<unknown>, arbHash, (r, value, prev) => {
          const changed = { ...r, [field]: value } as ConsentRecordContent;
          fc.pre(canonicalRecordJson(changed, prev) !== canonicalRecordJson(r, prev));
          expect(hashRecord(changed, prev)).not.toBe(hashRecord(r, prev));
        }),
      );
    });
  }

  it('changes when previousHash changes', () => {
    fc.assert(
      fc.property(arbContent, arbHash, arbHash, (r, a, b) => {
        fc.pre(a !== b);
        expect(hashRecord(r, a)).not.toBe(hashRecord(r, b));
      }),
    );
  });

  it('does not depend on the key order of evidence objects', () => {
    fc.assert(
      fc.property(arbContent, arbHash, (r, prev) => {
        expect(hashRecord({ ...r, evidence: reverseKeys(r.evidence) }, prev)).toBe(hashRecord(r, prev));
      }),
    );
  });

  it('ignores fields outside the content, such as seq and hash', () => {
    const r = content(3);
    const stored: ConsentRecord = { ...r, seq: 7, hash: 'x', previousHash: null };
    expect(hashRecord(stored, null)).toBe(hashRecord(r, null));
  });

  it('distinguishes evidence that differs only in type ("1" vs 1)', () => {
    expect(hashRecord(content(0, { evidence: '1' }), null)).not.toBe(hashRecord(content(0, { evidence: 1 }), null));
  });
});

describe('hashRecord and the locale (1.1)', () => {
  it('a record without a locale keeps the hash it had before 1.1 (pinned): stored chains still verify', () => {
    const before = '9343ab677f42ea0dee0cbaa8125bcdf6e9cae0f3bb6d57e9594bfdf93f37b2df';
    expect(hashRecord(content(1), null)).toBe(before);
    expect(hashRecord(content(1, { locale: null }), null)).toBe(before);
    expect(hashRecord(content(1, { locale: undefined }), null)).toBe(before);
    expect(canonicalRecordJson(content(1, { locale: null }), null)).not.toContain('locale');
  });

  it('a known locale is covered by the hash', () => {
    const de = hashRecord(content(1, { locale: 'de' }), null);
    expect(de).not.toBe(hashRecord(content(1), null));
    expect(de).not.toBe(hashRecord(content(1, { locale: 'fr' }), null));
    expect(JSON.parse(canonicalRecordJson(content(1, { locale: 'de' }), null))).toMatchObject({ locale: 'de' });
  });

  it('a chain mixing records with and without a locale verifies, and tampering with a locale breaks it', () => {
    const records = chain([content(0), content(1, { locale: 'de' }), content(2, { locale: 'fr' })]);
    expect(verifyChain(records).ok).toBe(true);
    const tampered = records.map((r, i) => (i === 1 ? { ...r, locale: 'en' } : r));
    expect(verifyChain(tampered).firstBrokenRecordId).toBe(records[1]!.id);
  });
});

describe('verifyChain', () => {
  const contents = [0, 1, 2, 3, 4].map((n) => content(n, { evidence: { n } }));
  const good = chain(contents);
  const at = (i: number): ConsentRecord => good[i] as ConsentRecord;

  it('accepts an intact chain and reports its last hash', () => {
    expect(verifyChain(good)).toEqual({ ok: true, recordsChecked: 5, firstBrokenRecordId: null, lastHash: at(4).hash });
  });

  it('accepts an empty chain', () => {
    expect(verifyChain([])).toEqual({ ok: true, recordsChecked: 0, firstBrokenRecordId: null, lastHash: null });
  });

  const tamper = (i: number, change: Partial<ConsentRecord>): ConsentRecord[] =>
    good.map((r, j) => (j === i ? { ...r, ...change } : r));

  const rows: Array<[string, ConsentRecord[], string]> = [
    ['edited evidence', tamper(2, { evidence: { n: 99 } }), 'rec-2'],
    ['an edited action', tamper(1, { action: 'GRANT' }), 'rec-1'],
    ['a moved occurredAt', tamper(3, { occurredAt: t('2020-01-01T00:00:00.000Z') }), 'rec-3'],
    ['an edited stored hash', tamper(0, { hash: '0'.repeat(64) }), 'rec-0'],
    ['a first record that points at a predecessor', tamper(0, { previousHash: '0'.repeat(64) }), 'rec-0'],
    ['a record linked to the wrong predecessor', tamper(2, { previousHash: at(0).hash }), 'rec-2'],
    ['a deleted record (seq gap)', good.filter((_, j) => j !== 2), 'rec-3'],
    ['a deleted first record', good.slice(1), 'rec-1'],
    ['two swapped records', [at(0), at(2), at(1), at(3), at(4)], 'rec-2'],
    ['a renumbered record', tamper(4, { seq: 5 }), 'rec-4'],
    [
      'an edited record whose own hash was recomputed (its successor no longer links)',
      (() => {
        const forged = { ...at(1), method: 'forged' };
        return tamper(1, { method: 'forged', hash: hashRecord(forged, forged.previousHash) });
      })(),
      'rec-2',
    ],
    ['a record whose date can no longer be read', tamper(3, { recordedAt: new Date(Number.NaN) }), 'rec-3'],
  ];
  it.each(rows)('detects %s and reports the first broken record', (_what, records, brokenId) => {
    const result = verifyChain(records);
    expect(result.ok).toBe(false);
    expect(result.firstBrokenRecordId).toBe(brokenId);
  });

  it('counts the records checked up to and including the first broken one, and keeps the last good hash', () => {
    expect(verifyChain(tamper(2, { evidence: 'x' }))).toEqual({
      ok: false,
      recordsChecked: 3,
      firstBrokenRecordId: 'rec-2',
      lastHash: at(1).hash,
    });
  });

  it('continues a chain across batches through `prior` with the same outcome as one pass', () => {
    const first = verifyChain(good.slice(0, 2));
    const second = verifyChain(good.slice(2), { previousHash: first.lastHash, checked: first.recordsChecked });
    expect(second).toEqual(verifyChain(good));
  });

  it('detects a break at the start of a later batch', () => {
    const first = verifyChain(good.slice(0, 2));
    const second = verifyChain(good.slice(3), { previousHash: first.lastHash, checked: first.recordsChecked });
    expect(second).toMatchObject({ ok: false, firstBrokenRecordId: 'rec-3', recordsChecked: 3 });
  });

  it('reads any iterable, such as a generator over pages', () => {
    function* pages() {
      yield* good;
    }
    expect(verifyChain(pages()).ok).toBe(true);
  });

  it('finds the tampered record in any chain, wherever the tampering is', () => {
    fc.assert(
      fc.property(
        fc
          .array(arbContent, { minLength: 1, maxLength: 8 })
          .chain((cs) =>
            fc.tuple(
              fc.constant(cs),
              fc.nat(cs.length - 1),
              fc.constantFrom(...(Object.keys(fieldChanges) as Array<keyof ConsentRecordContent>)),
            ),
          ),
        fc.jsonValue({ maxDepth: 2 }),
        ([cs, i, field], replacement) => {
          const unique = cs.map((c, j) => ({ ...c, id: `r${j}` }));
          const records = chain(unique);
          const tampered = records.map((r, j) =>
            j === i ? ({ ...r, [field]: tamperedValue(r, field, replacement) } as ConsentRecord) : r,
          );
          const result = verifyChain(tampered);
          expect(result.ok).toBe(false);
          expect(result.firstBrokenRecordId).toBe(field === 'id' ? 'forged-id' : `r${i}`);
        },
      ),
    );
  });

  it('cannot see a re-hashed last record on its own: anchor lastHash outside the ledger to catch that', () => {
    const forged = { ...at(4), evidence: 'forged' };
    expect(verifyChain([...good.slice(0, 4), { ...forged, hash: hashRecord(forged, forged.previousHash) }]).ok).toBe(
      true,
    );
  });
});
