import type { Db } from './client.ts';
import { isUniqueViolation } from './errors.ts';

/** A signing key as stored: the public JWK always, the sealed private key only for a generated key. */
export interface StoredSigningKey {
  kid: string;
  /** JSON text of the public JWK (kty, crv, x). */
  publicJwk: string;
  /** Sealed PKCS#8 PEM (crypto/key-encryption.ts); null for a key that lives in ASSENT_SIGNING_KEY. */
  privateKey: string | null;
  createdAt: Date;
}

const select = { kid: true, publicJwk: true, privateKey: true, createdAt: true } as const;

/** Signing keys: append and read only (the database refuses UPDATE and DELETE). */
export function signingKeyRepository(prisma: Db) {
  return {
    /** Every key ever recorded, newest first. */
    listNewestFirst(): Promise<StoredSigningKey[]> {
      return prisma.signingKey.findMany({ select, orderBy: [{ createdAt: 'desc' }, { kid: 'desc' }] });
    },
    /** The newest key whose private half is stored (the current generated key), or null. */
    findNewestGenerated(): Promise<StoredSigningKey | null> {
      return prisma.signingKey.findFirst({
        select,
        where: { privateKey: { not: null } },
        orderBy: [{ createdAt: 'desc' }, { kid: 'desc' }],
      });
    },
    /** Records a key unless one with its kid exists (first writer wins; returns whether this call added it). */
    async add(key: StoredSigningKey): Promise<boolean> {
      try {
        await prisma.signingKey.create({ data: key, select: { kid: true } });
        return true;
      } catch (e) {
        if (isUniqueViolation(e)) return false;
        throw e;
      }
    },
  };
}

/** The signing-key repository's type. */
export type SigningKeyRepository = ReturnType<typeof signingKeyRepository>;
