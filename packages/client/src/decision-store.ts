import type { ConsentStatus } from './gql/graphql.ts';
import { grow, SubjectIndex } from './subject-index.ts';

/** A (subject, purpose)'s status as the decider holds it; ERASED once the subject was erased. */
export type LocalStatus = ConsentStatus | 'ERASED';

/** Status codes in the low 3 bits of an entry; 0 means no entry. */
const STATUSES: readonly (LocalStatus | null)[] = [
  null,
  'NOT_GIVEN',
  'NOT_APPLICABLE',
  'GRANTED',
  'WITHDRAWN',
  'RECONSENT_REQUIRED',
  'REFUSED',
  'ERASED',
];
const CODE = new Map<LocalStatus, number>(STATUSES.map((s, i) => [s!, i] as const).filter(([s]) => s !== null));
/** The code of ERASED: sticky, later records never replace it. */
export const ERASED_CODE = 7;

/** The code of a status; a status this client does not know (a newer server's) counts as NOT_GIVEN, which denies. */
export const statusCode = (s: LocalStatus): number => CODE.get(s) ?? 1;
/** The status of a code (NOT_GIVEN for 0, no entry). */
export const statusOf = (code: number): LocalStatus => STATUSES[code] ?? 'NOT_GIVEN';

/** One status change an event made. */
export interface StoreChange {
  subjectId: string;
  purpose: number;
  previous: number;
  next: number;
}

/**
 * The decider's compact table of (subject, purpose) → status. Per purpose, one Float64Array holds
 * occurredAt (ms) × 8 + status code (exact below 2^50 ms), and one Uint32Array recordedAt in seconds
 * (0 when unknown: snapshot rows carry no recordedAt); both are indexed by the interned subject.
 * About 12 bytes per purpose and (id length + 10) bytes per subject.
 */
export class DecisionStore {
  readonly subjects = new SubjectIndex();
  readonly purposeKeys: readonly string[];
  private readonly purposeIx: Map<string, number>;
  private packed: Float64Array[];
  private recorded: Uint32Array[];
  private capacity = 1024;
  /** (subject, purpose) pairs with an entry. */
  entries = 0;

  constructor(purposeKeys: readonly string[]) {
    this.purposeKeys = [...purposeKeys];
    this.purposeIx = new Map(this.purposeKeys.map((k, i) => [k, i]));
    this.packed = this.purposeKeys.map(() => new Float64Array(this.capacity));
    this.recorded = this.purposeKeys.map(() => new Uint32Array(this.capacity));
  }

  /** The purpose's column, or undefined for a purpose this store does not hold. */
  purposeIndex(key: string): number | undefined {
    return this.purposeIx.get(key);
  }

  /** The status code of (subject, purpose); 0 when there is no entry. */
  code(subjectId: string, purpose: number): number {
    const i = this.subjects.find(subjectId);
    if (i < 0) return 0;
    const v = this.packed[purpose]![i]!;
    return v - Math.floor(v / 8) * 8;
  }

  /** The status code at an interned subject's index. */
  codeAt(i: number, purpose: number): number {
    const v = this.packed[purpose]![i]!;
    return v - Math.floor(v / 8) * 8;
  }

  /** Sets an entry from a snapshot row, unless the entry already holds something newer. */
  load(subjectId: string, purpose: number, code: number, occurredAtMs: number): void {
    const i = this.slot(subjectId);
    const cur = this.packed[purpose]![i]!;
    if (cur === 0) this.entries++;
    else if (Math.floor(cur / 8) > occurredAtMs || cur - Math.floor(cur / 8) * 8 === ERASED_CODE) return;
    this.packed[purpose]![i] = occurredAtMs * 8 + code;
    this.recorded[purpose]![i] = 0;
  }

  /**
   * Applies a record if it is not older in effect order than the entry: later occurredAt wins; on
   * equal occurredAt the later recordedAt (seconds), and on a tie of what is known the later in the
   * stream, which per subject is append order. An erased subject stays erased. Returns the change,
   * or null when the status did not change.
   */
  apply(
    subjectId: string,
    purpose: number,
    code: number,
    occurredAtMs: number,
    recordedAtMs: number,
  ): StoreChange | null {
    const i = this.slot(subjectId);
    const col = this.packed[purpose]!;
    const cur = col[i]!;
    const curCode = cur - Math.floor(cur / 8) * 8;
    if (curCode === ERASED_CODE) return null;
    if (cur !== 0) {
      const curOccurred = Math.floor(cur / 8);
      if (occurredAtMs < curOccurred) return null;
      if (occurredAtMs === curOccurred) {
        const curRecorded = this.recorded[purpose]![i]!;
        const rec = Math.floor(recordedAtMs / 1000);
        if (curRecorded !== 0 && rec < curRecorded) return null;
      }
    } else this.entries++;
    col[i] = occurredAtMs * 8 + code;
    this.recorded[purpose]![i] = Math.floor(recordedAtMs / 1000);
    return curCode === code ? null : { subjectId, purpose, previous: curCode, next: code };
  }

  /** Marks every purpose of a subject ERASED; returns the changes. */
  erase(subjectId: string, atMs: number): StoreChange[] {
    const i = this.slot(subjectId);
    const out: StoreChange[] = [];
    for (let p = 0; p < this.packed.length; p++) {
      const cur = this.packed[p]![i]!;
      const curCode = cur - Math.floor(cur / 8) * 8;
      if (curCode === ERASED_CODE) continue;
      if (cur === 0) this.entries++;
      this.packed[p]![i] = atMs * 8 + ERASED_CODE;
      out.push({ subjectId, purpose: p, previous: curCode, next: ERASED_CODE });
    }
    return out;
  }

  /** Calls fn for every entry (subject index, purpose, code). */
  forEach(fn: (subjectIndex: number, purpose: number, code: number) => void): void {
    for (let i = 0; i < this.subjects.size; i++) {
      for (let p = 0; p < this.packed.length; p++) {
        const v = this.packed[p]![i]!;
        if (v !== 0) fn(i, p, v - Math.floor(v / 8) * 8);
      }
    }
  }

  /** Bytes held by the typed arrays of this store. */
  bytes(): number {
    let n = this.subjects.bytes();
    for (let p = 0; p < this.packed.length; p++) n += this.packed[p]!.byteLength + this.recorded[p]!.byteLength;
    return n;
  }

  private slot(subjectId: string): number {
    const i = this.subjects.intern(subjectId);
    if (i >= this.capacity) {
      this.capacity = Math.max(i + 1, Math.ceil(this.capacity * 1.5));
      this.packed = this.packed.map((c) => grow(c, this.capacity));
      this.recorded = this.recorded.map((c) => grow(c, this.capacity));
    }
    return i;
  }
}
