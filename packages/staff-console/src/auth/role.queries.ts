import { type GraphQLRequest, isApiError } from '@assent/web-kit';
import { graphql } from '../gql';

/** ADMIN only: succeeds exactly for admin keys and the bootstrap admin token. */
export const probeAdminDocument = graphql(`
  query ProbeAdmin {
    apiKeys {
      id
    }
  }
`);

/** ADMIN and SUPPORT: a chain check of a subject that need not exist. */
export const probeSupportDocument = graphql(`
  query ProbeSupport {
    verifyLedger(subjectId: "__probe__") {
      ok
    }
  }
`);

/** SUBJECT only: tells a privacy-center link's token apart from a SERVICE key. */
export const probeSubjectDocument = graphql(`
  query ProbeSubject {
    me {
      subjectId
    }
  }
`);

/** The roles a staff member can sign in with. */
export type StaffRole = 'ADMIN' | 'SUPPORT' | 'SERVICE';

/** What a pasted key turned out to be. */
export type ProbeResult = { kind: 'role'; role: StaffRole } | { kind: 'invalid' } | { kind: 'subject-token' };

/**
 * Learns a key's role by asking what it may do (the API has no "who am I"):
 * apiKeys (ADMIN) → verifyLedger (ADMIN, SUPPORT) → me (SUBJECT) → otherwise SERVICE.
 * UNAUTHENTICATED at any step means the key is not valid; other errors are thrown.
 */
export async function probeRole(request: GraphQLRequest): Promise<ProbeResult> {
  const allowed = async (run: () => Promise<unknown>): Promise<boolean | 'invalid'> => {
    try {
      await run();
      return true;
    } catch (error) {
      if (isApiError(error, 'FORBIDDEN')) return false;
      if (isApiError(error, 'UNAUTHENTICATED')) return 'invalid';
      throw error;
    }
  };
  const steps: [() => Promise<unknown>, ProbeResult][] = [
    [() => request(probeAdminDocument), { kind: 'role', role: 'ADMIN' }],
    [() => request(probeSupportDocument), { kind: 'role', role: 'SUPPORT' }],
    [() => request(probeSubjectDocument), { kind: 'subject-token' }],
  ];
  for (const [run, result] of steps) {
    const answer = await allowed(run);
    if (answer === 'invalid') return { kind: 'invalid' };
    if (answer) return result;
  }
  return { kind: 'role', role: 'SERVICE' };
}
