// What the scenarios ask: uniformly random (subject, purpose) pairs over every seeded subject and
// every demo purpose (a third of the pairs have no record: NOT_GIVEN, or a non-consent basis).
import { requiresConsent } from '@assent/core';
import { DEMO_PURPOSES } from '../../src/seed.ts';
import { subjectIdOf } from '../seed/generate.ts';

export const PURPOSE_KEYS = DEMO_PURPOSES.map((p) => p.key);
export const CONSENT_PURPOSES = DEMO_PURPOSES.filter((p) => requiresConsent(p));

/** A reproducible stream of floats in [0, 1). */
export function stream(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

export interface Pair {
  subjectId: string;
  purposeKey: string;
}

/** n random (subject, purpose) pairs among `subjects` seeded subjects. */
export function randomPairs(n: number, subjects: number, seed: number): Pair[] {
  const r = stream(seed);
  return Array.from({ length: n }, () => ({
    subjectId: subjectIdOf(Math.floor(r() * subjects)),
    purposeKey: PURPOSE_KEYS[Math.floor(r() * PURPOSE_KEYS.length)]!,
  }));
}

export const DECIDE_QUERY =
  'query Decide($s: ID!, $p: ID!) { decide(subjectId: $s, purposeKey: $p) { allowed reason legalBasis } }';
export const DECIDE_MANY_QUERY =
  'query DecideMany($r: [DecideInput!]!) { decideMany(requests: $r) { allowed reason legalBasis } }';
export const HEALTH_QUERY = '{ health { ok } }';

export const decideBodies = (pairs: Pair[]) =>
  pairs.map((p) => JSON.stringify({ query: DECIDE_QUERY, variables: { s: p.subjectId, p: p.purposeKey } }));
export const decideManyBodies = (batches: Pair[][]) =>
  batches.map((b) => JSON.stringify({ query: DECIDE_MANY_QUERY, variables: { r: b } }));
export const healthBodies = () => [JSON.stringify({ query: HEALTH_QUERY })];

/** Alternating grants and withdrawals on random subjects and consent purposes, as a SERVICE key records them. */
export function writeBodies(n: number, subjects: number, seed: number): string[] {
  const r = stream(seed);
  return Array.from({ length: n }, (_, i) => {
    const op = i % 2 === 0 ? 'grantConsent' : 'withdrawConsent';
    const input = {
      subjectId: subjectIdOf(Math.floor(r() * subjects)),
      purposeKey: CONSENT_PURPOSES[Math.floor(r() * CONSENT_PURPOSES.length)]!.key,
      channel: 'API',
      method: 'bench/http',
      evidence: { source: 'bench', form: 'signup-v3' },
    };
    return JSON.stringify({
      query: `mutation W($i: ConsentInput!) { ${op}(input: $i) { id } }`,
      variables: { i: input },
    });
  });
}
