import { describe, expect, it } from 'vitest';
import { isAccessLogged, minuteOf, ZAccessLogFirst, ZDecisionCountsSince } from './access-log';
import { parseInput } from './schemas';

describe('access log rules', () => {
  it.each([
    ['ADMIN', true],
    ['SUPPORT', true],
    ['SERVICE', true],
    ['SUBJECT', false],
  ] as const)('a read by %s is logged: %s', (role, logged) => {
    expect(isAccessLogged(role)).toBe(logged);
  });

  it('decisions are counted per UTC minute, starting on the minute', () => {
    const t = Date.parse('2026-12-06T10:41:59.999Z');
    expect(new Date(minuteOf(t)).toISOString()).toBe('2026-12-06T10:41:00.000Z');
    expect(minuteOf(Date.parse('2026-12-06T10:42:00.000Z'))).toBe(Date.parse('2026-12-06T10:42:00.000Z'));
  });

  it('a page of the access log holds 1..200 entries; anything else is BAD_USER_INPUT', () => {
    expect(parseInput(ZAccessLogFirst, 200)).toBe(200);
    for (const bad of [0, 201, 1.5, -1]) expect(() => parseInput(ZAccessLogFirst, bad)).toThrow(/first|must/);
  });

  it('decisionCounts reaches back at most 31 days and never into the future', () => {
    const now = new Date('2026-12-06T12:00:00Z');
    expect(parseInput(ZDecisionCountsSince(now), new Date('2026-11-06T12:00:00Z'))).toBeInstanceOf(Date);
    expect(() => parseInput(ZDecisionCountsSince(now), new Date('2026-11-01T00:00:00Z'))).toThrow(/31 days/);
    expect(() => parseInput(ZDecisionCountsSince(now), new Date('2026-12-07T00:00:00Z'))).toThrow(/future/);
  });
});
