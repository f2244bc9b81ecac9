import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, CompactSign, type JWK } from 'jose';
import type { SigningKeyRepository } from '../db/signing-key.repository.ts';
import type { KeyEncryption } from './key-encryption.ts';

// Receipts and checkpoints (1.1) are compact JWS signed with Ed25519 (alg EdDSA). The private key comes from
// ASSENT_SIGNING_KEY, or is generated once and kept in the SigningKey table sealed under the key-encryption key.
// Every key's public half is recorded there for good, so /.well-known/jwks.json verifies receipts signed before a
// rotation.

/** The public JWK of one signing key as /.well-known/jwks.json lists it. */
export interface PublicSigningJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

/** Signs with the current key; lists every key ever used. */
export interface SigningKeys {
  /** Signs a JSON payload as a compact JWS (alg EdDSA, kid of the current key, typ given). */
  sign(payload: unknown, typ: string): Promise<string>;
  /** The kid of the key that signs now. */
  currentKid(): Promise<string>;
  /** Every key ever used, newest first (the JWKS `keys`). */
  jwks(): Promise<{ keys: PublicSigningJwk[] }>;
  /** Makes a newly generated key current (refused while ASSENT_SIGNING_KEY is set); returns its kid. */
  rotate(): Promise<string>;
}

const sealContext = (kid: string) => `signing-key:${kid}`;

/** Parses ASSENT_SIGNING_KEY: an Ed25519 private key as a JWK (JSON with d) or a PKCS#8 PEM. */
export function parseSigningKey(text: string): KeyObject {
  const t = text.trim();
  let key: KeyObject;
  try {
    key = t.startsWith('{')
      ? createPrivateKey({ key: JSON.parse(t) as JWK & { d: string }, format: 'jwk' })
      : createPrivateKey(t);
  } catch (e) {
    throw new Error(`ASSENT_SIGNING_KEY is not a private key (JWK with "d", or PKCS#8 PEM): ${(e as Error).message}`, {
      cause: e,
    });
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`ASSENT_SIGNING_KEY must be an Ed25519 key, not ${key.asymmetricKeyType ?? 'a symmetric key'}`);
  return key;
}

async function describe(privateKey: KeyObject): Promise<{ kid: string; publicJwk: string }> {
  const { kty, crv, x } = createPublicKey(privateKey).export({ format: 'jwk' });
  const jwk = { kty, crv, x };
  return { kid: await calculateJwkThumbprint(jwk as JWK, 'sha256'), publicJwk: JSON.stringify(jwk) };
}

/** How long an instance keeps using the key it loaded before asking which key is current (another may rotate). */
const CURRENT_KEY_TTL_MS = 60_000;

/**
 * The signing keys over their table. With `configured` (ASSENT_SIGNING_KEY) that key signs and its public half is
 * recorded; otherwise the newest generated key signs, generated on first use.
 */
export function signingKeys(deps: {
  repo: SigningKeyRepository;
  kek: KeyEncryption;
  configured?: string | undefined;
  now?: () => Date;
}): SigningKeys {
  const now = deps.now ?? (() => new Date());
  const configured = deps.configured ? parseSigningKey(deps.configured) : null;
  let cached: { kid: string; key: KeyObject; until: number } | null = null;
  let configuredRecorded: Promise<{ kid: string; key: KeyObject }> | null = null;

  const generate = async (): Promise<{ kid: string; key: KeyObject }> => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const { kid, publicJwk } = await describe(privateKey);
    const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    // Strictly after the newest key, so "newest" is never a tie even for two rotations in one millisecond.
    const newest = await deps.repo.findNewestGenerated();
    const at = newest && newest.createdAt >= now() ? new Date(newest.createdAt.getTime() + 1) : now();
    await deps.repo.add({ kid, publicJwk, privateKey: deps.kek.seal(pem, sealContext(kid)), createdAt: at });
    return { kid, key: privateKey };
  };

  const load = async (): Promise<{ kid: string; key: KeyObject }> => {
    if (configured) {
      configuredRecorded ??= describe(configured).then(async ({ kid, publicJwk }) => {
        await deps.repo.add({ kid, publicJwk, privateKey: null, createdAt: now() });
        return { kid, key: configured };
      });
      return configuredRecorded;
    }
    const stored = await deps.repo.findNewestGenerated();
    if (!stored) {
      await generate();
      // Two instances may generate at once: both then sign with the newest, whichever that is.
      return load();
    }
    return { kid: stored.kid, key: createPrivateKey(deps.kek.openText(stored.privateKey!, sealContext(stored.kid))) };
  };

  const current = async () => {
    if (cached && cached.until > Date.now()) return cached;
    const loaded = await load();
    cached = { ...loaded, until: Date.now() + CURRENT_KEY_TTL_MS };
    return cached;
  };

  return {
    async sign(payload, typ) {
      const { kid, key } = await current();
      return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader({ alg: 'EdDSA', kid, typ })
        .sign(key);
    },
    async currentKid() {
      return (await current()).kid;
    },
    async jwks() {
      await current();
      const rows = await deps.repo.listNewestFirst();
      return {
        keys: rows.map((r) => ({
          ...(JSON.parse(r.publicJwk) as { kty: 'OKP'; crv: 'Ed25519'; x: string }),
          kid: r.kid,
          alg: 'EdDSA' as const,
          use: 'sig' as const,
        })),
      };
    },
    async rotate() {
      if (configured)
        throw new Error(
          'ASSENT_SIGNING_KEY is set: rotate by setting it to a new key (the old public key stays in the JWKS).',
        );
      const made = await generate();
      cached = { ...made, until: Date.now() + CURRENT_KEY_TTL_MS };
      return made.kid;
    },
  };
}
