import { hash as oneShot } from 'node:crypto';

// Checkpoints (contract 1.1) sign a Merkle root over every subject's chain head. The tree is RFC 6962's (Certificate
// Transparency): leaf = SHA-256(0x00 ‖ data), node = SHA-256(0x01 ‖ left ‖ right), the leaves in the byte order of
// the UTF-8 subject ids; built level by level, an odd node at the end of a level moves up unchanged, which gives
// RFC 6962's root. The distinct prefixes keep a leaf from passing for a node. Leaves are ordered by subject id as
// strings compare in JavaScript, Java or C# (UTF-16 code units), so any verifier can rebuild the order without the
// database's collation.

/** One subject's chain head: its newest record's place (seq) and hash. */
export interface ChainHead {
  subjectId: string;
  seq: number;
  hash: string;
}

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);
// One-shot hashing: a checkpoint hashes two million times at a million subjects.
const sha256 = (data: Buffer): Buffer => oneShot('sha256', data, 'buffer');

/**
 * SHA-256 of `data`, its 32 bytes written into `out` from `at`: how the bulk functions below hash. The default is
 * node:crypto's one-shot; the server's checkpoint thread passes a faster one for its millions of short inputs
 * (crypto/bulk-sha256.ts). Any implementation gives the same bytes, so the same roots.
 */
export type Sha256Into = (data: Uint8Array, out: Uint8Array, at: number) => void;
/** node:crypto's SHA-256 as a {@link Sha256Into}. */
export const sha256Into: Sha256Into = (data, out, at) => out.set(oneShot('sha256', data, 'buffer'), at);
const node = (left: Uint8Array, right: Uint8Array): Buffer => sha256(Buffer.concat([NODE, left, right]));

/** The leaf hash of a chain head: SHA-256(0x00 ‖ canonical JSON of { subjectId, seq, hash }). */
export function chainHeadLeaf(head: ChainHead): Buffer {
  // Keys already in RFC 8785 order, so JSON.stringify writes the canonical form (and costs far less than canonicalize).
  const json = JSON.stringify({ hash: head.hash, seq: head.seq, subjectId: head.subjectId });
  return sha256(Buffer.concat([LEAF, Buffer.from(json, 'utf8')]));
}

/** The Merkle root (hex) over leaf hashes given in leaf order; the SHA-256 of nothing for an empty ledger. */
export function merkleRoot(leaves: readonly Uint8Array[]): string {
  if (leaves.length === 0) return sha256(Buffer.alloc(0)).toString('hex');
  let level: Uint8Array[] = [...leaves];
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(node(level[i]!, level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return Buffer.from(level[0]!).toString('hex');
}

/** The order of chain heads under the root: subject ids by UTF-16 code units (JavaScript's default sort). */
export function compareHeads(a: Pick<ChainHead, 'subjectId'>, b: Pick<ChainHead, 'subjectId'>): number {
  return a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0;
}

/**
 * Builds the same root as {@link merkleRoot} from leaves added one at a time, holding O(log n) hashes (RFC 6962's
 * compact range): full subtrees merge as soon as their sibling is complete; what is left folds from the right.
 */
export function merkleBuilder() {
  const stack: { height: number; hash: Uint8Array }[] = [];
  return {
    add(leaf: Uint8Array): void {
      let item = { height: 0, hash: leaf };
      while (stack.length > 0 && stack[stack.length - 1]!.height === item.height) {
        const left = stack.pop()!;
        item = { height: item.height + 1, hash: node(left.hash, item.hash) };
      }
      stack.push(item);
    },
    root(): string {
      if (stack.length === 0) return merkleRoot([]);
      let hash = stack[stack.length - 1]!.hash;
      for (let i = stack.length - 2; i >= 0; i--) hash = node(stack[i]!.hash, hash);
      return Buffer.from(hash).toString('hex');
    },
  };
}

/** What a checkpoint signs (contract 1.1): `{ id, at, records, subjects, root }`. */
export interface CheckpointStatement {
  id: string;
  at: string;
  records: number;
  subjects: number;
  root: string;
}

/**
 * The statement of a checkpoint built from chain heads added one at a time in {@link compareHeads} order, holding
 * O(log n) hashes: a caller can add a million heads in slices and let other work run in between.
 */
export function checkpointBuilder() {
  const tree = merkleBuilder();
  let records = 0;
  let subjects = 0;
  return {
    add(h: ChainHead): void {
      tree.add(chainHeadLeaf(h));
      records += h.seq + 1;
      subjects++;
    },
    statement(id: string, at: Date): CheckpointStatement {
      return { id, at: at.toISOString(), records, subjects, root: tree.root() };
    },
  };
}

/** Whether JSON.stringify would escape (or replace) a character of `s`: ", \\, a control character or a surrogate. */
function needsEscape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

/**
 * The leaf hashes of many chain heads, written one after another into `out` (32 bytes each, from `at`): the same
 * bytes as {@link chainHeadLeaf}, without an object, a JSON string or a concatenation per head. The canonical JSON is
 * written straight into one reused buffer when no string needs escaping (chain keys and hex hashes never do), else
 * JSON.stringify writes it.
 */
export function leafHashes(hash: Sha256Into = sha256Into) {
  let scratch = Buffer.allocUnsafe(512);
  return (h: ChainHead, out: Buffer, at: number): void => {
    if (needsEscape(h.subjectId) || needsEscape(h.hash) || !Number.isSafeInteger(h.seq)) {
      chainHeadLeaf(h).copy(out, at);
      return;
    }
    const need = 48 + 3 * (h.hash.length + h.subjectId.length);
    if (scratch.length < need) scratch = Buffer.allocUnsafe(need * 2);
    scratch[0] = 0;
    let o = 1;
    o += scratch.write('{"hash":"', o, 'latin1');
    o += scratch.write(h.hash, o, 'utf8');
    o += scratch.write('","seq":', o, 'latin1');
    o += scratch.write(String(h.seq), o, 'latin1');
    o += scratch.write(',"subjectId":"', o, 'latin1');
    o += scratch.write(h.subjectId, o, 'utf8');
    o += scratch.write('"}', o, 'latin1');
    hash(scratch.subarray(0, o), out, at);
  };
}

/**
 * Every level of the Merkle tree over the first `n` leaf hashes packed in `leaves` (32 bytes each): level 0 is those
 * leaves, the last level holds the root alone (the same root as {@link merkleRoot}). Given the levels of an earlier
 * tree, a node whose two children are the bytes the earlier tree had at the same place is copied from it instead of
 * hashed, so a tree whose leaves mostly stayed where they were costs a hash per changed node rather than one per node
 * (an insertion still shifts, and so rehashes, everything to its right). `same[i]` = 1 says leaf i has the bytes of
 * the earlier tree's leaf i (the caller knows it); without it the leaves are compared.
 */
export function merkleLevels(
  leaves: Buffer,
  n: number,
  earlier: readonly Buffer[] | null = null,
  same: Uint8Array | null = null,
  hash: Sha256Into = sha256Into,
): Buffer[] {
  const levels = [leaves.subarray(0, n * 32)];
  if (n === 0) return levels;
  const pair = Buffer.allocUnsafe(65);
  pair[0] = 1;
  let clean = earlier ? (same ?? sameLeaves(levels[0]!, earlier[0]!)) : null;
  for (let depth = 0; n > 1; depth++) {
    const cur = levels[depth]!;
    const oldUp = earlier?.[depth + 1];
    // Pairs the earlier level also had (an odd last node was moved up, not hashed, so it is never copied).
    const oldPairs = clean && oldUp ? Math.floor(earlier![depth]!.length / 64) : 0;
    const half = Math.ceil(n / 2);
    const up = Buffer.allocUnsafe(half * 32);
    const upClean = oldPairs > 0 ? new Uint8Array(half) : null;
    // Runs of nodes the earlier tree had are copied in one call each.
    let run = -1;
    const flush = (end: number) => {
      if (run >= 0) oldUp!.copy(up, run * 32, run * 32, end * 32);
      run = -1;
    };
    let j = 0;
    for (let i = 0; i + 1 < n; i += 2, j++) {
      if (j < oldPairs && clean![i] === 1 && clean![i + 1] === 1) {
        upClean![j] = 1;
        if (run < 0) run = j;
        continue;
      }
      flush(j);
      cur.copy(pair, 1, i * 32, i * 32 + 64);
      hash(pair, up, j * 32);
    }
    flush(j);
    if (n % 2 === 1) cur.copy(up, j++ * 32, (n - 1) * 32, n * 32);
    levels.push(up);
    clean = upClean;
    n = j;
  }
  return levels;
}

/** Which of the leaves packed in `now` have the bytes of the leaf at the same place in `before` (1) or not (0). */
function sameLeaves(now: Buffer, before: Buffer): Uint8Array {
  const n = now.length / 32;
  const same = new Uint8Array(n);
  const m = Math.min(n, before.length / 32);
  for (let i = 0; i < m; i++) same[i] = now.compare(before, i * 32, i * 32 + 32, i * 32, i * 32 + 32) === 0 ? 1 : 0;
  return same;
}

/**
 * A checkpoint's tree kept until the next one (the checkpoint thread keeps the last it built): the heads in
 * {@link compareHeads} order and every level of hashes ({@link merkleLevels}), so the next tree hashes only the heads
 * that moved and the nodes above them.
 */
export interface HeadsTree extends Omit<CheckpointStatement, 'id' | 'at'> {
  heads: readonly ChainHead[];
  levels: readonly Buffer[];
}

/**
 * The tree over chain heads sorted with {@link compareHeads}: the same records, subjects and root as
 * {@link checkpointSummary}. Given the tree of an earlier checkpoint, a head equal to the one it held for that subject
 * keeps its leaf hash, nodes are reused as {@link merkleLevels} says, and `moved` lists the heads that differ from (or
 * are missing in) the earlier tree, in order; without one, every leaf is hashed and `moved` is null.
 */
export function headsTree(
  heads: readonly ChainHead[],
  earlier: HeadsTree | null = null,
  hash: Sha256Into = sha256Into,
): { tree: HeadsTree; moved: ChainHead[] | null } {
  const n = heads.length;
  const leaves = Buffer.allocUnsafe(n * 32);
  const leaf = leafHashes(hash);
  let records = 0;
  for (let i = 0; i < n; i++) records += heads[i]!.seq + 1;
  if (!earlier) {
    for (let i = 0; i < n; i++) leaf(heads[i]!, leaves, i * 32);
    const levels = merkleLevels(leaves, n, null, null, hash);
    return { tree: { records, subjects: n, root: rootOf(levels), heads, levels }, moved: null };
  }
  const before = earlier.heads;
  const beforeLeaves = earlier.levels[0]!;
  const moved: ChainHead[] = [];
  // same[i] = 1: leaf i is the earlier tree's leaf i (the same head at the same place).
  const same = new Uint8Array(n);
  // Leaves of unmoved heads are copied from the earlier tree, a run of them (the same shift) in one call.
  let runAt = -1;
  let runFrom = -1;
  let runLength = 0;
  const flush = () => {
    if (runLength > 0) beforeLeaves.copy(leaves, runAt * 32, runFrom * 32, (runFrom + runLength) * 32);
    runLength = 0;
  };
  let k = 0;
  for (let i = 0; i < n; i++) {
    const h = heads[i]!;
    let b = before[k];
    // Heads the earlier tree had that are gone now (a chain moved to its pseudonym) are passed over.
    if (b !== undefined && b.subjectId !== h.subjectId && compareHeads(b, h) < 0) {
      do k++;
      while (k < before.length && compareHeads(before[k]!, h) < 0);
      b = before[k];
    }
    if (b !== undefined && b.subjectId === h.subjectId) {
      k++;
      if (b.seq === h.seq && b.hash === h.hash) {
        if (runLength > 0 && runAt + runLength === i && runFrom + runLength === k - 1) runLength++;
        else {
          flush();
          runAt = i;
          runFrom = k - 1;
          runLength = 1;
        }
        if (k - 1 === i) same[i] = 1;
        continue;
      }
    }
    flush();
    moved.push(h);
    leaf(h, leaves, i * 32);
  }
  flush();
  const levels = merkleLevels(leaves, n, earlier.levels, same, hash);
  return { tree: { records, subjects: n, root: rootOf(levels), heads, levels }, moved };
}

const rootOf = (levels: readonly Buffer[]): string =>
  levels[0]!.length === 0 ? merkleRoot([]) : levels[levels.length - 1]!.toString('hex', 0, 32);

/**
 * What a checkpoint over chain heads (sorted with {@link compareHeads}) signs besides its id and time: the same
 * records, subjects and root as {@link checkpointStatement}, with the leaves hashed in bulk ({@link headsTree}).
 */
export function checkpointSummary(heads: readonly ChainHead[]): Omit<CheckpointStatement, 'id' | 'at'> {
  const { records, subjects, root } = headsTree(heads).tree;
  return { records, subjects, root };
}

/** The statement of a checkpoint over chain heads sorted with {@link compareHeads}. */
export function checkpointStatement(id: string, at: Date, heads: readonly ChainHead[]): CheckpointStatement {
  const b = checkpointBuilder();
  for (const h of heads) b.add(h);
  return b.statement(id, at);
}

/**
 * The heads now, from heads read earlier and the heads that changed or arrived since (both sorted with
 * {@link compareHeads}): a change replaces the earlier head of its subject, or is inserted in order. Heads cannot go
 * this way (a caller that may have lost one reads every head instead). Unchanged heads are the earlier objects, so
 * {@link headsTree} given the earlier tree copies their leaves.
 */
export function withChanges(earlier: readonly ChainHead[], changes: readonly ChainHead[]): ChainHead[] {
  if (changes.length === 0) return earlier.slice();
  const out: ChainHead[] = new Array<ChainHead>(earlier.length + changes.length);
  let n = 0;
  let i = 0;
  for (const c of changes) {
    // The earlier heads before this change, then the change in place of its subject's earlier head (if any).
    while (i < earlier.length && compareHeads(earlier[i]!, c) < 0) out[n++] = earlier[i++]!;
    if (i < earlier.length && earlier[i]!.subjectId === c.subjectId) i++;
    out[n++] = c;
  }
  while (i < earlier.length) out[n++] = earlier[i++]!;
  out.length = n;
  return out;
}

/**
 * Puts chain heads in {@link compareHeads} order, in place, and returns them. Heads read in index order (ascending,
 * or descending as PostgreSQL pages them) are only checked, or reversed, in linear time; others are sorted.
 */
export function inMerkleOrder(heads: ChainHead[]): ChainHead[] {
  const sorted = (hs: readonly ChainHead[]) => hs.every((h, i) => i === 0 || compareHeads(hs[i - 1]!, h) < 0);
  if (sorted(heads)) return heads;
  heads.reverse();
  return sorted(heads) ? heads : heads.sort(compareHeads);
}

/**
 * Compares a subject's chain with the head a checkpoint recorded for it: the record at that seq must still exist and
 * carry that hash. 'truncated' when it is gone (records cut off), 'rewritten' when its hash changed.
 */
export function checkHeadAgainstCheckpoint(
  recorded: Pick<ChainHead, 'seq' | 'hash'>,
  hashNowAtSeq: string | undefined,
): 'ok' | 'truncated' | 'rewritten' {
  if (hashNowAtSeq === undefined) return 'truncated';
  return hashNowAtSeq === recorded.hash ? 'ok' : 'rewritten';
}
