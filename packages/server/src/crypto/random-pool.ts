import { randomFillSync } from 'node:crypto';

/**
 * Random bytes from the operating system's CSPRNG (as crypto.randomBytes), drawn from a buffer that one randomFillSync
 * call refills, not one call per draw: a write makes several small draws (a nonce per sealed value, a data key per new
 * subject), and each randomBytes call costs far more than its bytes. Every byte is handed out once, so two draws never
 * share bytes and a GCM nonce is never reused; each draw is a copy, so a refill does not change bytes handed out before.
 */
export function randomPool(size = 64 * 1024): (n: number) => Buffer {
  const pool = Buffer.allocUnsafeSlow(size);
  let offset = size;
  return (n) => {
    if (n > size) return randomFillSync(Buffer.allocUnsafe(n));
    if (offset + n > size) {
      randomFillSync(pool);
      offset = 0;
    }
    const out = Buffer.allocUnsafe(n);
    pool.copy(out, 0, offset, offset + n);
    // The bytes handed out are wiped from the pool, so they are in memory once.
    pool.fill(0, offset, offset + n);
    offset += n;
    return out;
  };
}

/** The process's pool: nonces of AES-GCM seals and new data keys (key-encryption.ts, subject-protection.ts). */
export const randomBytesPooled = randomPool();
