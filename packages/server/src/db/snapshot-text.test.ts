import { describe, expect, it } from 'vitest';
import { pagesJsonWriter } from './snapshot-text.ts';

const outcomes = [
  { purposeKey: 'news', action: 'GRANT', noticeVersion: 1, status: 'GRANTED', allowed: true },
  { purposeKey: 'news', action: 'WITHDRAW', noticeVersion: 1, status: 'WITHDRAWN', allowed: false },
] as const;

describe("PostgreSQL's snapshot page writer", () => {
  it('writes the rows as JSON.stringify would write the objects graphql-js builds, in the selection order and keys', () => {
    const write = pagesJsonWriter({
      fields: [
        { key: 'who', field: 'subjectId' },
        { key: 'allowed', field: 'allowed' },
        { key: 'status', field: 'status' },
        { key: 'purposeKey', field: 'purposeKey' },
        { key: 'recordId', field: 'recordId' },
        { key: 'occurredAt', field: 'occurredAt' },
        { key: '__typename', field: '__typename' },
      ],
      outcomes: [...outcomes],
    });
    const rows = [
      ['a"\\\u0001é\u2028\ud800', 'news', 'r1', 'GRANT', 1, '2026-01-02T03:04:05.678Z'],
      ['b', 'news', 'r2', 'WITHDRAW', 1, '2026-01-02T03:04:05.000Z'],
    ] as const;
    const json = write(rows)!;
    expect(json).toBe(
      JSON.stringify(
        rows.map(([s, p, r, a, , o]) => ({
          who: s,
          allowed: a === 'GRANT',
          status: a === 'GRANT' ? 'GRANTED' : 'WITHDRAWN',
          purposeKey: p,
          recordId: r,
          occurredAt: o,
          __typename: 'ConsentSnapshotRow',
        })),
      ),
    );
    expect(write([])).toBe('[]');
  });

  it('writes nothing (null) for a page with a row its outcomes do not cover, unless no decision is selected', () => {
    const row = ['a', 'news', 'r1', 'GRANT', 7, '2026-01-02T03:04:05.678Z'] as const;
    expect(
      pagesJsonWriter({ fields: [{ key: 'status', field: 'status' }], outcomes: [...outcomes] })([row]),
    ).toBeNull();
    expect(pagesJsonWriter({ fields: [{ key: 's', field: 'subjectId' }], outcomes: [...outcomes] })([row])).toBe(
      '[{"s":"a"}]',
    );
  });
});
