import { AssentError } from './assent-error.ts';
import { DecideDocument, DecideManyDocument, type DecisionFieldsFragment } from './gql/graphql.ts';
import type { Request } from './transport.ts';

/** One decision asked for. */
export interface DecideRequest {
  subjectId: string;
  purposeKey: string;
}

/** The server's answer for one (subject, purpose). */
export type Decision = DecisionFieldsFragment;

/** decideMany's limit per call (contract). */
export const DECIDE_MANY_LIMIT = 1000;

/** Errors about what a caller asked for: they split a shared request so that only that caller fails. */
const CALLER_ERRORS = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'FORBIDDEN']);

interface Caller {
  requests: DecideRequest[];
  /** A lone decide() may use the decide query (which SUBJECT tokens may call too). */
  single: boolean;
  resolve: (d: Decision[]) => void;
  reject: (e: unknown) => void;
}

/** Runs `fn` after everything queued in this tick (promise jobs included), like DataLoader. */
function afterThisTick(fn: () => void): void {
  const g = globalThis as { setImmediate?: (f: () => void) => unknown };
  if (typeof g.setImmediate === 'function') g.setImmediate(fn);
  else setTimeout(fn, 0);
}

/**
 * Collects the decisions asked for in one tick and asks for them in as few decideMany calls as the
 * limit allows, routing each answer back to its caller in the order asked.
 */
export function createDecideBatcher(request: Request) {
  // One queue per `at` (undefined: now); calls for different instants cannot share a request.
  let queues = new Map<string, Caller[]>();
  let scheduled = false;

  async function ask(requests: DecideRequest[], at: string | undefined, single: boolean): Promise<Decision[]> {
    if (single && requests.length === 1) {
      const r = requests[0]!;
      return [(await request(DecideDocument, { subjectId: r.subjectId, purposeKey: r.purposeKey, at })).decide];
    }
    // The same (subject, purpose) asked twice in one tick (two handlers about one person) is asked once, as
    // DataLoader would: every caller gets the one answer.
    const index = new Map<string, number>();
    const distinct: DecideRequest[] = [];
    const slot = requests.map((r) => {
      const key = `${r.subjectId}\u0000${r.purposeKey}`;
      let i = index.get(key);
      if (i === undefined) {
        i = distinct.push(r) - 1;
        index.set(key, i);
      }
      return i;
    });
    if (distinct.length === requests.length) return askMany(requests, at);
    const answers = await askMany(distinct, at);
    return slot.map((i) => answers[i]!);
  }

  async function askMany(requests: DecideRequest[], at: string | undefined): Promise<Decision[]> {
    const answers = await Promise.all(
      chunk(requests, DECIDE_MANY_LIMIT).map(async (part) => {
        const { decideMany } = await request(DecideManyDocument, {
          requests: part.map((r) => ({ subjectId: r.subjectId, purposeKey: r.purposeKey })),
          at,
        });
        if (decideMany.length !== part.length)
          throw new AssentError(
            'INTERNAL_SERVER_ERROR',
            `decideMany answered ${decideMany.length} decisions for ${part.length} requests.`,
          );
        return decideMany;
      }),
    );
    return answers.flat();
  }

  async function dispatch(callers: Caller[], at: string | undefined): Promise<void> {
    const all = callers.flatMap((c) => c.requests);
    const alone = callers.length === 1;
    // Chunks of the shared request; a caller's answers may span several of them.
    const parts = alone ? [all] : chunk(all, DECIDE_MANY_LIMIT);
    const settled = await Promise.allSettled(parts.map((p) => ask(p, at, alone && callers[0]!.single)));
    let offset = 0;
    /** Callers in a part refused for what some caller asked: asked again in halves, so only that caller fails. */
    const again: Caller[] = [];
    for (const c of callers) {
      const from = offset;
      const to = offset + c.requests.length;
      offset = to;
      const failure = failedPartOf(settled, from, to, alone ? all.length : DECIDE_MANY_LIMIT);
      if (failure === undefined) {
        c.resolve(
          sliceAnswers(
            settled as PromiseFulfilledResult<Decision[]>[],
            from,
            to,
            alone ? all.length : DECIDE_MANY_LIMIT,
          ),
        );
      } else if (!alone && failure instanceof AssentError && CALLER_ERRORS.has(failure.code)) {
        again.push(c);
      } else {
        c.reject(failure);
      }
    }
    // One caller's bad subject id or purpose must not fail the others: halves of the refused callers are asked again
    // (a half that fails is halved in turn, down to the caller alone), about 2·log2(n) requests for one bad caller
    // among n instead of n.
    if (again.length === 1) void dispatch(again, at);
    else if (again.length > 1) {
      const half = Math.ceil(again.length / 2);
      void dispatch(again.slice(0, half), at);
      void dispatch(again.slice(half), at);
    }
  }

  function flush() {
    scheduled = false;
    const current = queues;
    queues = new Map();
    for (const [key, callers] of current) void dispatch(callers, key === '' ? undefined : key);
  }

  return {
    /** Queues requests; resolves with their decisions in the same order. */
    load(requests: DecideRequest[], at: string | undefined, single: boolean): Promise<Decision[]> {
      if (requests.length === 0) return Promise.resolve([]);
      return new Promise<Decision[]>((resolve, reject) => {
        const key = at ?? '';
        const q = queues.get(key) ?? [];
        q.push({ requests, single, resolve, reject });
        queues.set(key, q);
        if (!scheduled) {
          scheduled = true;
          afterThisTick(flush);
        }
      });
    },
  };
}

function chunk<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** The first failure among the parts that cover [from, to), if any. */
function failedPartOf(settled: PromiseSettledResult<Decision[]>[], from: number, to: number, size: number): unknown {
  for (let p = Math.floor(from / size); p * size < to; p++) {
    const s = settled[p]!;
    if (s.status === 'rejected') return s.reason ?? new Error('decideMany failed');
  }
  return undefined;
}

function sliceAnswers(
  settled: PromiseFulfilledResult<Decision[]>[],
  from: number,
  to: number,
  size: number,
): Decision[] {
  const out: Decision[] = [];
  for (let i = from; i < to; i++) out.push(settled[Math.floor(i / size)]!.value[i % size]!);
  return out;
}
