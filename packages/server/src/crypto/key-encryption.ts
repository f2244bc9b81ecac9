import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytesPooled } from './random-pool.ts';

// Secrets at rest (#16): every secret Assent keeps in its database (webhook secrets, the subject-token
// secret, per-subject data keys, a generated signing key) is sealed with AES-256-GCM under one
// key-encryption key (KEK). The KEK never enters the database: it comes from ASSENT_MASTER_KEY, or in
// development from a file generated once beside the data (ASSENT_MASTER_KEY_FILE).

/** Seals and opens small secrets under the key-encryption key. */
export interface KeyEncryption {
  /** Identifies the KEK (first 8 bytes of its SHA-256, hex), stored in every sealed value. */
  readonly keyId: string;
  /**
   * Seals `plaintext`, bound to `context` (additional authenticated data: e.g. `webhook-secret:<id>`),
   * so a sealed value copied to another row does not open there. Returns `kek1.<keyId>.<iv>.<ciphertext>.<tag>`.
   */
  seal(plaintext: Uint8Array | string, context: string): string;
  /** Opens a value sealed with `seal` for the same context; throws when the key, context or bytes differ. */
  open(sealed: string, context: string): Buffer;
  /** `open` as UTF-8 text. */
  openText(sealed: string, context: string): string;
}

const PREFIX = 'kek1';

/** True when a stored value is sealed (as opposed to a value written before secrets were sealed). */
export function isSealed(value: string): boolean {
  return value.startsWith(`${PREFIX}.`);
}

/** Key encryption under a 32-byte master key. */
export function keyEncryption(masterKey: Buffer): KeyEncryption {
  if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
  const keyId = createHash('sha256').update(masterKey).digest('hex').slice(0, 16);
  const open = (sealed: string, context: string): Buffer => {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== PREFIX) throw new Error('not a sealed value');
    if (parts[1] !== keyId) throw new Error(`sealed under another master key (${parts[1]}, this one is ${keyId})`);
    const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(parts[2]!, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(parts[4]!, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(parts[3]!, 'base64url')), decipher.final()]);
  };
  return {
    keyId,
    seal(plaintext, context) {
      const iv = randomBytesPooled(12);
      const cipher = createCipheriv('aes-256-gcm', masterKey, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([
        cipher.update(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext),
        cipher.final(),
      ]);
      return [
        PREFIX,
        keyId,
        iv.toString('base64url'),
        body.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
      ].join('.');
    },
    open,
    openText: (sealed, context) => open(sealed, context).toString('utf8'),
  };
}

/** Parses ASSENT_MASTER_KEY: 32 bytes as 64 hex digits or base64/base64url. */
export function parseMasterKey(text: string): Buffer {
  const t = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64url');
  if (bytes.length !== 32)
    throw new Error('ASSENT_MASTER_KEY must be 32 bytes: 64 hex digits or 43 base64url characters');
  return bytes;
}

/**
 * The master key: ASSENT_MASTER_KEY when set; otherwise (never in production) the key in `file`,
 * generated there (mode 0600) on first use. `warn` is told when a generated or file key is used.
 */
export function loadMasterKey(opts: {
  value: string | undefined;
  file: string;
  production: boolean;
  warn: (message: string) => void;
}): Buffer {
  if (opts.value) return parseMasterKey(opts.value);
  if (opts.production)
    throw new Error(
      'ASSENT_MASTER_KEY is required in production (32 bytes, e.g. `openssl rand -hex 32`): it encrypts every secret Assent stores.',
    );
  if (existsSync(opts.file)) {
    opts.warn(`using the development master key in ${opts.file}; set ASSENT_MASTER_KEY in production`);
    return parseMasterKey(readFileSync(opts.file, 'utf8'));
  }
  mkdirSync(path.dirname(opts.file), { recursive: true });
  const key = randomBytes(32);
  try {
    writeFileSync(opts.file, `${key.toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    // Another process (the dispatcher thread, a second test server) created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return parseMasterKey(readFileSync(opts.file, 'utf8'));
    throw err;
  }
  chmodSync(opts.file, 0o600);
  opts.warn(
    `generated a development master key in ${opts.file}; losing it makes every stored secret unreadable. Set ASSENT_MASTER_KEY in production`,
  );
  return key;
}
