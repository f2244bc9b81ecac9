// The checkpoint thread's kept tree (checkpoint-tree-build.ts's KeptTree) on disk, so a thread that starts afresh
// (after a restart, a deploy, an idle end, or `pnpm assent checkpoint` in a process of its own) begins from the last
// tree instead of reading and hashing every head again. It is a cache: a file that is missing, unreadable, from
// another format or fails its checksum is ignored, and a tree from another database changes nothing but speed (its
// leaves are reused only where a head equals the one it holds; its mark is used only by the reader that gave it,
// which refuses marks of another database, and only when its root is the previous checkpoint's, see
// buildCheckpointTree).
//
// Layout (little-endian): "ASSENTCT", u32 format, u32 header length, the header (JSON), the subject ids (UTF-8, one
// after another), their end offsets (u32 each), the seqs (f64 each), the hashes (32 bytes each), every level of the
// tree, then the SHA-256 of all that came before.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ChainHead, HeadsTree } from '@assent/core/merkle';
import type { KeptTree } from './checkpoint-tree-build.ts';

const MAGIC = Buffer.from('ASSENTCT', 'latin1');
const FORMAT = 1;
const HEX64 = /^[0-9a-f]{64}$/;

interface Header {
  root: string;
  records: number;
  subjects: number;
  mark: string | null;
  idsBytes: number;
  levels: number[];
}

/**
 * The file a save writes before renaming it over `file`. One name: a thread ended mid-write (terminate) leaves a file
 * the next save overwrites, not one per try. Two processes writing it at once can only produce a file whose checksum
 * fails, which is ignored.
 */
const tempOf = (file: string) => `${file}.tmp`;

/** Removes a saved tree and its temporary file (with the database they belong to); nothing for null. */
export function removeKeptTree(file: string | null): void {
  if (file) for (const f of [file, tempOf(file)]) rmSync(f, { force: true });
}

/** The levels' byte lengths a tree over `n` leaves has (core's merkleLevels). */
function levelLengths(n: number): number[] {
  const out = [n * 32];
  while (n > 1) {
    n = Math.ceil(n / 2);
    out.push(n * 32);
  }
  return out;
}

/**
 * Writes the kept tree to `file` (a new file renamed over the old, so a reader sees one or the other whole). Nothing
 * is written for a tree with a head hash that is not 64 lowercase hex digits (stored as 32 bytes) — none is today.
 */
export async function saveKeptTree(file: string, kept: KeptTree): Promise<boolean> {
  const tree = kept.last;
  if (!tree) return false;
  const { heads, levels } = tree;
  const n = heads.length;
  if (!heads.every((h) => HEX64.test(h.hash))) return false;
  const ids = heads.map((h) => Buffer.from(h.subjectId, 'utf8'));
  const idsBytes = ids.reduce((s, b) => s + b.length, 0);
  const header: Header = {
    root: tree.root,
    records: tree.records,
    subjects: tree.subjects,
    mark: kept.mark ?? null,
    idsBytes,
    levels: levels.map((l) => l.length),
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const fixed = Buffer.alloc(16);
  MAGIC.copy(fixed, 0);
  fixed.writeUInt32LE(FORMAT, 8);
  fixed.writeUInt32LE(headerBytes.length, 12);
  const idBlob = Buffer.allocUnsafe(idsBytes);
  const ends = Buffer.allocUnsafe(n * 4);
  const seqs = Buffer.allocUnsafe(n * 8);
  const hashes = Buffer.allocUnsafe(n * 32);
  let at = 0;
  for (let i = 0; i < n; i++) {
    at += ids[i]!.copy(idBlob, at);
    ends.writeUInt32LE(at, i * 4);
    seqs.writeDoubleLE(heads[i]!.seq, i * 8);
    hashes.write(heads[i]!.hash, i * 32, 32, 'hex');
  }
  const parts = [fixed, headerBytes, idBlob, ends, seqs, hashes, ...levels];
  const sum = createHash('sha256');
  for (const p of parts) sum.update(p);
  parts.push(sum.digest());
  const temp = tempOf(file);
  await mkdir(path.dirname(file), { recursive: true });
  const fh = await open(temp, 'w', 0o600);
  try {
    await fh.writev(parts);
    await fh.sync();
  } catch (err) {
    await fh.close();
    await rm(temp, { force: true });
    throw err;
  }
  await fh.close();
  await rename(temp, file);
  return true;
}

/** The kept tree saved in `file`, or null when there is none or it is not whole (see the module's comment). */
export async function loadKeptTree(file: string): Promise<KeptTree | null> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch {
    return null;
  }
  try {
    return parse(buf);
  } catch {
    return null;
  }
}

function parse(buf: Buffer): KeptTree | null {
  if (buf.length < 16 + 32 || !buf.subarray(0, 8).equals(MAGIC) || buf.readUInt32LE(8) !== FORMAT) return null;
  const body = buf.subarray(0, buf.length - 32);
  if (
    !createHash('sha256')
      .update(body)
      .digest()
      .equals(buf.subarray(buf.length - 32))
  )
    return null;
  const headerLength = buf.readUInt32LE(12);
  const header = JSON.parse(buf.toString('utf8', 16, 16 + headerLength)) as Header;
  const n = header.subjects;
  if (!Number.isSafeInteger(n)) return null;
  const lengths = levelLengths(n);
  if (lengths.join() !== header.levels.join()) return null;
  let at = 16 + headerLength;
  const idBlob = at;
  at += header.idsBytes;
  const ends = at;
  at += n * 4;
  const seqs = at;
  at += n * 8;
  const hashes = at;
  at += n * 32;
  const levels: Buffer[] = [];
  for (const length of lengths) {
    // Copied out, so the file's buffer (ids, seqs, hashes) is not kept alive by the levels.
    levels.push(Buffer.from(buf.subarray(at, at + length)));
    at += length;
  }
  if (at !== body.length) return null;
  const heads: ChainHead[] = new Array<ChainHead>(n);
  let start = idBlob;
  for (let i = 0; i < n; i++) {
    const end = idBlob + buf.readUInt32LE(ends + i * 4);
    heads[i] = {
      subjectId: buf.toString('utf8', start, end),
      seq: buf.readDoubleLE(seqs + i * 8),
      hash: buf.toString('hex', hashes + i * 32, hashes + i * 32 + 32),
    };
    start = end;
  }
  const root = n === 0 ? null : levels[levels.length - 1]!.toString('hex');
  if (root !== null && root !== header.root) return null;
  const tree: HeadsTree = { records: header.records, subjects: n, root: header.root, heads, levels };
  return { last: tree, mark: header.mark };
}
