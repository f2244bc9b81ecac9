import { describe, expect, it } from 'vitest';
import { rotateSecrets, signingSecretsAt } from './webhook-secret-rotation';

const now = new Date('2026-12-06T09:00:00Z');
const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe('webhook secret rotation', () => {
  it('a rotation makes the new secret current and keeps the old one until the grace period ends', () => {
    expect(rotateSecrets('old', 'new', now, 60)).toEqual({
      current: 'new',
      previous: 'old',
      previousExpiresAt: at(60),
    });
  });

  it('a rotation with no grace period drops the old secret at once', () => {
    expect(rotateSecrets('old', 'new', now, 0)).toEqual({ current: 'new', previous: null, previousExpiresAt: null });
  });

  it('refuses a negative or fractional grace period', () => {
    expect(() => rotateSecrets('old', 'new', now, -1)).toThrow(RangeError);
    expect(() => rotateSecrets('old', 'new', now, 1.5)).toThrow(RangeError);
  });

  it.each([
    [-3600, ['new', 'old']],
    [0, ['new', 'old']],
    [59, ['new', 'old']],
    [60, ['new']],
    [3600, ['new']],
  ])('a delivery %is after the rotation (grace 60 s) is signed by %j', (offset, expected) => {
    expect(signingSecretsAt(rotateSecrets('old', 'new', now, 60), at(offset))).toEqual(expected);
  });

  it('a webhook never rotated signs with its one secret', () => {
    expect(signingSecretsAt({ current: 's', previous: null, previousExpiresAt: null }, now)).toEqual(['s']);
  });

  it('rotating twice within the grace period keeps only the secret replaced last', () => {
    const first = rotateSecrets('a', 'b', now, 60);
    const second = rotateSecrets(first.current, 'c', at(10), 60);
    expect(signingSecretsAt(second, at(20))).toEqual(['c', 'b']);
  });
});
