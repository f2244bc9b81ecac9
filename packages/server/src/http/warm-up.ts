import { randomUUID } from 'node:crypto';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { createContext, type Context } from '../graphql/context.ts';
import type { OutboxTail } from '../outbox/outbox-tail.ts';
import type { Principal } from '../services/auth.service.ts';
import type { UseCases } from '../use-cases/index.ts';
import type { DecideFastPath } from './decide-fast-path.ts';

/** Decisions through Apollo, then through the fast path: enough for V8 to optimize what every decision runs. */
const APOLLO_RUNS = 600;
const FAST_PATH_RUNS = 2400;
/** Decisions in flight at once (on PostgreSQL each waits for a round trip). */
const IN_FLIGHT = 32;

/** The warm-up's caller: a SERVICE that exists nowhere (no key, no budget is spent for it, nothing records it). */
const WARM_UP_CALLER: Principal = { role: 'SERVICE', kind: 'SERVICE', id: 'warm-up', via: 'internal' };

/** The document the warm-up decides with (the fast path knows it from the start). */
export const WARM_UP_DOCUMENT =
  'query WarmUp($s: ID!, $p: ID!) { decide(subjectId: $s, purposeKey: $p) { allowed legalBasis reason at } }';

/**
 * Before the server listens: decisions about a throwaway subject (a fresh random id no product uses) through
 * Apollo's path, which compiles the decision document and teaches it to the fast path, then through the fast
 * path, so V8 has optimized the resolvers, the use case, the repository reads and both paths before the first
 * real request. Decisions only read; the context says the budget is spent, so no rate-limit counter moves;
 * nothing fails, so nothing is logged. Without purposes there is nothing to decide: it does nothing.
 */
export async function warmUp(opts: {
  apollo: ApolloServer<Context>;
  fastPath: DecideFastPath | null;
  service: UseCases;
  tail: OutboxTail;
}): Promise<{ apollo: number; fastPath: number }> {
  const purposeKey = opts.service.purposes()[0]?.key;
  if (purposeKey === undefined) return { apollo: 0, fastPath: 0 };
  const body = { query: WARM_UP_DOCUMENT, variables: { s: `warm-up-${randomUUID()}`, p: purposeKey } };
  const context = (): Context => ({
    ...createContext(opts.service, opts.tail, 'warm-up', WARM_UP_CALLER, null),
    budgetSpent: true,
  });
  const headers = new HeaderMap([['content-type', 'application/json']]);
  const viaApollo = async () => {
    const answer = await opts.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: 'POST', headers, search: '', body },
      context: async () => context(),
    });
    return answer.status === undefined || answer.status === 200;
  };
  const viaFastPath = async () => (await opts.fastPath?.answer(body, context())) != null;
  return { apollo: await repeat(viaApollo, APOLLO_RUNS), fastPath: await repeat(viaFastPath, FAST_PATH_RUNS) };
}

/** Runs `once` up to `times` times, IN_FLIGHT at a time, until it reports false; how many reported true. */
async function repeat(once: () => Promise<boolean>, times: number): Promise<number> {
  let done = 0;
  while (done < times) {
    const batch = await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, times - done) }, once));
    const ok = batch.filter(Boolean).length;
    done += ok;
    if (ok < batch.length) break;
  }
  return done;
}
