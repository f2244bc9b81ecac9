import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { DecisionCountRow } from '../db/decision-count.repository.ts';
import type { Principal } from './auth.service.ts';
import { decisionCounter } from './decision-counter.ts';

const key: Principal = { role: 'SERVICE', kind: 'SERVICE', id: 'key-1', via: 'api-key' };
const internal: Principal = { role: 'SERVICE', kind: 'SERVICE', id: 'warm-up', via: 'internal' };

function counter() {
  const added: DecisionCountRow[] = [];
  const c = decisionCounter({
    repo: { add: async (rows: DecisionCountRow[]) => void added.push(...rows) } as never,
    flushSeconds: 60,
    logger: pino({ level: 'silent' }),
    now: () => Date.UTC(2026, 11, 7, 10, 0, 30),
  });
  const totals = async () => {
    await c.flush();
    return added.reduce((t, r) => ({ calls: t.calls + r.calls, decisions: t.decisions + r.decisions }), {
      calls: 0,
      decisions: 0,
    });
  };
  return { c, totals };
}

describe('decisionCounter', () => {
  it('counts calls and decisions per key; the server’s own calls are not counted', async () => {
    const { c, totals } = counter();
    c.count(key, 1);
    c.count(key, 25);
    c.count(internal, 1000);
    expect(await totals()).toEqual({ calls: 2, decisions: 26 });
  });

  it('a held run counts when its answer is kept, and nothing when it is handed over to be run again', async () => {
    const { c, totals } = counter();
    const sent = c.hold(key);
    c.count(sent, 1);
    c.count(sent, 1);
    const handedOver = c.hold(key);
    c.count(handedOver, 1);
    // Counted under the key, not the stand-in: the same row as a direct count.
    c.count(key, 3);
    expect(await totals()).toEqual({ calls: 1, decisions: 3 });
    c.settle(sent, true);
    c.settle(handedOver, false);
    expect(await totals()).toEqual({ calls: 3, decisions: 5 });
    // A stand-in settled is plain again: nothing is held for it any longer.
    c.settle(sent, true);
    expect(await totals()).toEqual({ calls: 3, decisions: 5 });
  });
});
