/**
 * Subject ids interned into one byte arena with an open-addressing hash table over it: about
 * (id length + 10) bytes per subject, where a Map<string, number> costs about 90. ASCII ids take one
 * byte per character; any other id is stored as a 0xFF marker and its UTF-16 code units.
 */
export class SubjectIndex {
  private arena = new Uint8Array(1 << 16);
  private used = 0;
  private starts = new Uint32Array(1 << 12);
  private table = new Int32Array(1 << 13);
  private mask = (1 << 13) - 1;
  /** How many subjects are interned; their indexes are 0..size-1, in interning order. */
  size = 0;

  /** The index of a subject, or -1 when it was never interned. */
  find(id: string): number {
    const h = hashString(id);
    const ascii = lastAscii;
    const table = this.table;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const e = table[slot]!;
      if (e === 0) return -1;
      if (this.equals(e - 1, id, ascii)) return e - 1;
    }
  }

  /** The index of a subject, interning it when new. */
  intern(id: string): number {
    const h = hashString(id);
    const ascii = lastAscii;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const e = this.table[slot]!;
      if (e === 0) {
        const i = this.append(id, ascii);
        this.table[slot] = i + 1;
        // Keep the load under 0.7 so probes stay short.
        if (this.size * 10 > this.table.length * 7) this.rehash(this.table.length * 2);
        return i;
      }
      if (this.equals(e - 1, id, ascii)) return e - 1;
    }
  }

  /** The subject id at an index. */
  idAt(i: number): string {
    const start = this.starts[i]!;
    const end = this.end(i);
    const a = this.arena;
    if (a[start] !== 0xff) {
      let s = '';
      for (let k = start; k < end; k++) s += String.fromCharCode(a[k]!);
      return s;
    }
    let s = '';
    for (let k = start + 1; k < end; k += 2) s += String.fromCharCode(a[k]! | (a[k + 1]! << 8));
    return s;
  }

  /** Bytes held by the typed arrays (capacity, not just what is used). */
  bytes(): number {
    return this.arena.byteLength + this.starts.byteLength + this.table.byteLength;
  }

  private end(i: number): number {
    return i + 1 < this.size ? this.starts[i + 1]! : this.used;
  }

  private equals(i: number, id: string, ascii: boolean): boolean {
    const start = this.starts[i]!;
    const len = this.end(i) - start;
    const a = this.arena;
    const n = id.length;
    if (ascii) {
      if (len !== n) return false;
      // Ids that share a prefix ('user-000123') differ at the end: compare from there.
      for (let k = n - 1; k >= 0; k--) if (a[start + k] !== id.charCodeAt(k)) return false;
      return true;
    }
    if (len !== 1 + 2 * n || a[start] !== 0xff) return false;
    for (let k = 0; k < n; k++) {
      const c = id.charCodeAt(k);
      if (a[start + 1 + 2 * k] !== (c & 0xff) || a[start + 2 + 2 * k] !== c >>> 8) return false;
    }
    return true;
  }

  private append(id: string, ascii: boolean): number {
    const need = ascii ? id.length : 1 + 2 * id.length;
    if (this.used + need > this.arena.length) this.arena = grow(this.arena, this.used + need);
    if (this.size + 1 > this.starts.length) this.starts = grow(this.starts, this.size + 1);
    const a = this.arena;
    let p = this.used;
    if (ascii) for (let k = 0; k < id.length; k++) a[p++] = id.charCodeAt(k);
    else {
      a[p++] = 0xff;
      for (let k = 0; k < id.length; k++) {
        const c = id.charCodeAt(k);
        a[p++] = c & 0xff;
        a[p++] = c >>> 8;
      }
    }
    this.starts[this.size] = this.used;
    this.used = p;
    return this.size++;
  }

  private rehash(capacity: number): void {
    const table = new Int32Array(capacity);
    const mask = capacity - 1;
    for (let i = 0; i < this.size; i++) {
      let slot = hashString(this.idAt(i)) & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = i + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}

/** Whether the last string hashed was all ASCII (saves returning a pair from the hot path). */
let lastAscii = true;

/** FNV-1a over UTF-16 code units with a final mix; sets {@link lastAscii}. */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  let ascii = true;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c > 0x7f) ascii = false;
    h = Math.imul(h ^ c, 0x01000193);
  }
  lastAscii = ascii;
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h;
}

/** A copy with room for at least `min` elements, growing by half (not double: memory is the point). */
export function grow<T extends Uint8Array | Uint32Array | Float64Array>(a: T, min: number): T {
  let cap = Math.max(16, a.length);
  while (cap < min) cap = Math.ceil(cap * 1.5);
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}
