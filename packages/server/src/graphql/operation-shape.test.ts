import { Kind, parse, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { badTextIn, rootFieldKeys } from './operation-shape.ts';

function keysOf(source: string): string[] {
  const doc = parse(source);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const operation = doc.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return [...rootFieldKeys(operation.selectionSet, fragments)];
}

describe('rootFieldKeys', () => {
  it('counts aliases apart, follows fragments and inline fragments, leaves out __typename', () => {
    expect(keysOf('mutation { a: grantConsent { id } b: grantConsent { id } }')).toEqual(['a', 'b']);
    expect(keysOf('mutation { __typename ... on Mutation { grantConsent { id } } }')).toEqual(['grantConsent']);
    expect(
      keysOf('mutation { ...F x: withdrawConsent { id } } fragment F on Mutation { grantConsent { id } }'),
    ).toEqual(['grantConsent', 'x']);
  });
});

describe('badTextIn', () => {
  it('names the first variable holding an unpaired surrogate or NUL, in values and keys, at any depth', () => {
    expect(badTextIn({ i: { evidence: { note: 'fine\n\ttext 💥' } } })).toBeNull();
    expect(badTextIn({ id: '\ud83d' })).toBe('$id');
    expect(badTextIn({ i: { evidence: [{ a: 'x\u0000' }] } })).toBe('$i.evidence[0].a');
    expect(badTextIn({ i: { ['k\udfff']: 1 } })).toBe('$i (a key)');
    expect(badTextIn({ a: 'fine', b: [1, null, { c: ['also fine'] }], z: 'x\u0000y' })).toBe('$z');
    // A variable's own name is GraphQL's to check (it must be declared), not this one's.
    expect(badTextIn({ ['\ud83d']: 'fine' })).toBeNull();
    let deep: unknown = 'ok';
    for (let n = 0; n < 100_000; n++) deep = [deep];
    expect(badTextIn({ deep })).toBeNull();
  });
});
