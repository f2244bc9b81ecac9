import { createSHA256 } from 'hash-wasm';
import type { Sha256Into } from '@assent/core/merkle';

/**
 * SHA-256 for millions of short inputs (a checkpoint's Merkle tree: a leaf and a node per subject), on hash-wasm's
 * WebAssembly SHA-256 with one hasher reused: node:crypto's one-shot hash pays a digest context and a Buffer per call,
 * about 1.6–2 µs for a 65-byte node on these machines, against 0.8–1 µs here (BENCHMARKS.md). The same bytes, so the
 * same roots (tested against node:crypto). Not safe across concurrent callers: one per thread, used synchronously.
 */
export async function bulkSha256(): Promise<Sha256Into> {
  const hasher = await createSHA256();
  return (data, out, at) => {
    hasher.init();
    hasher.update(data);
    out.set(hasher.digest('binary'), at);
  };
}
