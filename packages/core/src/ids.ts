import { v7 } from 'uuid';

/** Random bytes drawn at once for many ids (16 each). */
const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let taken = POOL_BYTES;
/** The millisecond and counter of the last id, as uuid's own v7 keeps them (RFC 9562, method 1). */
let lastMsecs = -Infinity;
let seq = 0;

function random16(): Uint8Array {
  if (taken + 16 > POOL_BYTES) {
    crypto.getRandomValues(pool);
    taken = 0;
  }
  const bytes = pool.subarray(taken, taken + 16);
  taken += 16;
  return bytes;
}

/**
 * A new id for a ledger record or an outbox event: a UUID of version 7 (RFC 9562), whose first 48 bits are the
 * time in milliseconds and the rest random. Ids made later sort later, so each new row lands at the end of the
 * indexes keyed by id instead of at a random page of them (a bulk import at a million rows writes far fewer index
 * pages; BENCHMARKS.md). Nothing reads meaning into an id: the record's recordedAt is the time that counts.
 *
 * uuid's v7 asks the system for 16 random bytes per id (crypto.getRandomValues each time), a tenth of a bulk import's
 * time; here its random bytes come from a pool refilled 256 ids at a time, with the same ordering: within a
 * millisecond a 31-bit counter seeded at random goes up by one, and its overflow moves on to the next millisecond.
 */
export function newLedgerId(): string {
  const random = random16();
  const now = Date.now();
  if (now > lastMsecs) {
    lastMsecs = now;
    seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) lastMsecs++;
  }
  return v7({ random, msecs: lastMsecs, seq });
}
