import { describe, expect, it } from 'vitest';
import { DecisionStore, statusCode, statusOf } from './decision-store.ts';
import { SubjectIndex } from './subject-index.ts';

const T = Date.parse('2026-12-06T10:00:00.000Z');
const G = statusCode('GRANTED');
const W = statusCode('WITHDRAWN');

describe('decision store', () => {
  it('a newer record wins and an older one (back-dated or replayed) changes nothing', () => {
    const s = new DecisionStore(['marketing-email']);
    expect(s.apply('alice', 0, G, T, T)).toMatchObject({ previous: 0, next: G });
    expect(s.apply('alice', 0, W, T + 1000, T + 1000)).toMatchObject({ previous: G, next: W });
    expect(s.apply('alice', 0, G, T, T)).toBeNull(); // the old grant again
    expect(s.apply('alice', 0, G, T - 86_400_000, T + 5000)).toBeNull(); // back-dated, recorded later
    expect(statusOf(s.code('alice', 0))).toBe('WITHDRAWN');
  });

  it('a duplicate is idempotent: same status, no change reported', () => {
    const s = new DecisionStore(['p']);
    s.apply('bob', 0, G, T, T);
    expect(s.apply('bob', 0, G, T, T)).toBeNull();
    expect(s.entries).toBe(1);
    expect(statusOf(s.code('bob', 0))).toBe('GRANTED');
  });

  it('on equal occurredAt the later recordedAt wins, and an earlier recordedAt does not', () => {
    const s = new DecisionStore(['p']);
    s.apply('carol', 0, G, T, T + 10_000);
    expect(s.apply('carol', 0, W, T, T + 5000)).toBeNull();
    expect(s.apply('carol', 0, W, T, T + 20_000)).toMatchObject({ next: W });
  });

  it('a stream record at the same occurredAt as a snapshot row (no recordedAt) is applied: it comes later in append order', () => {
    const s = new DecisionStore(['p']);
    s.load('dave', 0, G, T);
    expect(s.apply('dave', 0, W, T, T)).toMatchObject({ previous: G, next: W });
  });

  it('an erased subject stays erased whatever comes later', () => {
    const s = new DecisionStore(['a', 'b']);
    s.apply('erin', 0, G, T, T);
    expect(s.erase('erin', T + 1).map((c) => c.purpose)).toEqual([0, 1]);
    expect(s.apply('erin', 0, G, T + 2, T + 2)).toBeNull();
    expect(statusOf(s.code('erin', 1))).toBe('ERASED');
  });

  it('a status this client does not know counts as NOT_GIVEN (denied)', () => {
    expect(statusOf(statusCode('SOMETHING_NEW' as never))).toBe('NOT_GIVEN');
  });

  it('keeps purposes apart and answers no entry for unknown subjects', () => {
    const s = new DecisionStore(['a', 'b']);
    s.apply('frank', 1, G, T, T);
    expect(s.code('frank', 0)).toBe(0);
    expect(s.code('nobody', 1)).toBe(0);
    expect(statusOf(0)).toBe('NOT_GIVEN');
  });
});

describe('subject index', () => {
  it('interns ASCII and non-ASCII ids, finds them again, and grows', () => {
    const ix = new SubjectIndex();
    const ids = Array.from({ length: 50_000 }, (_, i) => (i % 7 === 0 ? `ünïcødé-${i}-😀` : `user-${i}`));
    ids.forEach((id, i) => expect(ix.intern(id)).toBe(i));
    ids.forEach((id, i) => {
      if (i % 997 === 0) expect(ix.idAt(i)).toBe(id);
    });
    expect(ids.every((id, i) => ix.find(id) === i)).toBe(true);
    expect(ix.find('user-50000')).toBe(-1);
    expect(ix.find('user-1x')).toBe(-1);
    expect(ix.intern('user-3')).toBe(3);
    expect(ix.size).toBe(50_000);
  });
});
