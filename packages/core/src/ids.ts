import { v7 } from 'uuid';

/**
 * A new id for a ledger record or an outbox event: a UUID of version 7 (RFC 9562), whose first 48 bits are the
 * time in milliseconds and the rest random. Ids made later sort later, so each new row lands at the end of the
 * indexes keyed by id instead of at a random page of them (a bulk import at a million rows writes far fewer index
 * pages; BENCHMARKS.md). Nothing reads meaning into an id: the record's recordedAt is the time that counts.
 */
export function newLedgerId(): string {
  return v7();
}
