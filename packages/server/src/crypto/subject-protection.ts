import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { randomBytesPooled } from './random-pool.ts';
import type { KeyEncryption } from './key-encryption.ts';

// Crypto-shredding (#16; README, "Erasure"). The ledger finds a subject's records by a keyed pseudonym
// (HMAC-SHA256 under a server key, itself sealed with the key-encryption key), and keeps the identifier, a subject
// actor's id and the evidence encrypted with AES-256-GCM under a data key of that subject's own, sealed with the KEK
// in SubjectKey. Deleting that one row's key makes them unreadable; the chain hashes the ciphertext, so it still verifies.

/** What a record keeps sealed under its subject's data key. */
export interface SealedContent {
  /** The subject's identifier. */
  subjectId: string;
  /** The actor id when it names the subject (actor SUBJECT); null otherwise (kept in clear in the row). */
  actorId: string | null;
  evidence: unknown | null;
}

/** Pseudonyms and per-subject encryption. */
export interface SubjectProtection {
  /** The keyed pseudonym the ledger stores instead of the identifier: `ps_` + base64url HMAC-SHA256. */
  pseudonym(subjectId: string): string;
  /** A new random data key for a subject, and its sealed form for SubjectKey. */
  newDataKey(pseudonym: string): { key: Buffer; sealed: string };
  /** Opens a sealed data key (bound to its pseudonym, so a key copied to another subject's row does not open). */
  openDataKey(pseudonym: string, sealed: string): Buffer;
  /** Encrypts what a record keeps sealed, bound to the record id. */
  seal(dataKey: Buffer, recordId: string, content: SealedContent): string;
  /** Decrypts {@link seal}'s output for the same record id; throws when anything differs. */
  open(dataKey: Buffer, recordId: string, sealed: string): SealedContent;
}

const PREFIX = 'sk1';
const dataKeyContext = (pseudonym: string) => `subject-key:${pseudonym}`;

/** The setting holding the pseudonym key, sealed with the KEK. */
export const PSEUDONYM_KEY_SETTING = 'subject-pseudonym-key';
/** The KEK context the pseudonym key is sealed under. */
export const PSEUDONYM_KEY_CONTEXT = `setting:${PSEUDONYM_KEY_SETTING}`;

/** Protection with a 32-byte pseudonym key and the KEK that seals data keys. */
export function subjectProtection(pseudonymKey: Buffer, kek: KeyEncryption): SubjectProtection {
  if (pseudonymKey.length !== 32) throw new Error('the pseudonym key must be 32 bytes');
  return {
    pseudonym: (subjectId) => `ps_${createHmac('sha256', pseudonymKey).update(subjectId, 'utf8').digest('base64url')}`,
    newDataKey(pseudonym) {
      const key = randomBytesPooled(32);
      return { key, sealed: kek.seal(key, dataKeyContext(pseudonym)) };
    },
    openDataKey: (pseudonym, sealed) => kek.open(sealed, dataKeyContext(pseudonym)),
    seal(dataKey, recordId, content) {
      const iv = randomBytesPooled(12);
      const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
      cipher.setAAD(Buffer.from(recordId, 'utf8'));
      const body = Buffer.concat([
        cipher.update(
          JSON.stringify({ s: content.subjectId, a: content.actorId, e: content.evidence ?? null }),
          'utf8',
        ),
        cipher.final(),
      ]);
      return `${PREFIX}.${iv.toString('base64url')}.${body.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}`;
    },
    open(dataKey, recordId, sealed) {
      const parts = sealed.split('.');
      if (parts.length !== 4 || parts[0] !== PREFIX) throw new Error('not a sealed record');
      const decipher = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(parts[1]!, 'base64url'));
      decipher.setAAD(Buffer.from(recordId, 'utf8'));
      decipher.setAuthTag(Buffer.from(parts[3]!, 'base64url'));
      const text = Buffer.concat([decipher.update(Buffer.from(parts[2]!, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
      const o = JSON.parse(text) as { s: string; a: string | null; e: unknown };
      return { subjectId: o.s, actorId: o.a, evidence: o.e };
    },
  };
}
