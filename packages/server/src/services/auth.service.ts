import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
import { AssentError, type ActorKind, type Role, type StaffRole } from '@assent/core';
import type { AccessRepository } from '../db/access.repository.ts';

/** Who is calling. `id` is what the ledger records as the actor id. */
export type Principal =
  | {
      role: 'ADMIN' | 'SERVICE' | 'SUPPORT';
      kind: ActorKind;
      id: string;
      /** internal: the server's own calls (the warm-up before listening), which no count or log records. */
      via: 'bootstrap' | 'api-key' | 'internal';
      secretHash?: string;
    }
  | { role: 'SUBJECT'; kind: 'SUBJECT'; id: string; subjectId: string; via: 'subject-token' }
  | {
      /** A person signed in to the staff console (#18): `id` is their account id (or `oidc:<sub>`), the ledger's actor. */
      role: StaffRole;
      kind: StaffRole;
      id: string;
      via: 'staff-session';
      /** Their email (local accounts) or the identity provider's name or email claim. */
      displayName: string;
      /** The StaffSession row, so sign-out can end exactly this session. */
      sessionId: string;
    };

/** Who acted, as records and logs name them: the actor kind and id, a name for people to read, and the role. */
export interface ActorIdentity {
  kind: ActorKind;
  id: string;
  displayName: string;
  role: Role;
}

/** The actor behind a principal (staff sessions name a person; keys and tokens are named by their id). */
export function actorOf(p: Principal): ActorIdentity {
  if (p.via === 'staff-session') return { kind: p.kind, id: p.id, displayName: p.displayName, role: p.role };
  if (p.role === 'SUBJECT') return { kind: p.kind, id: p.id, displayName: `subject ${p.subjectId}`, role: p.role };
  const displayName = p.via === 'bootstrap' ? 'bootstrap admin token' : `API key ${p.id}`;
  return { kind: p.kind, id: p.id, displayName, role: p.role };
}

const API_KEY_PREFIX = 'assent_sk_';
const ISSUER = 'assent';
const AUDIENCE = 'assent:privacy-center';

/** SHA-256 (hex) of a secret: what the database keeps instead of the secret. */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** How long an authenticated API key is trusted without reading it again (revocation elsewhere shows up within this). */
export const API_KEY_CACHE_MS = 1000;
const API_KEY_CACHE_MAX = 10_000;

/** Authentication: bootstrap admin token, API keys, subject tokens. */
export function authService(opts: {
  access: AccessRepository;
  adminToken: string;
  subjectTokenSecret: string;
  now?: () => Date;
}) {
  const key = new TextEncoder().encode(opts.subjectTokenSecret);
  const now = opts.now ?? (() => new Date());
  const nowMs = opts.now ? () => opts.now!().getTime() : Date.now;
  const lastTouched = new Map<string, number>();
  const adminDigest = createHash('sha256').update(opts.adminToken).digest();
  // API keys this instance authenticated in the last API_KEY_CACHE_MS, by the token itself: a busy
  // service sends thousands of requests a second with one key, and each read it again (a query, and on
  // PostgreSQL a round trip, per request) and hashed it. A hit needs neither the hash nor the database;
  // only a token that authenticated as an API key is ever a key here, so a lookup by any other string
  // misses and goes the long way (the constant-time admin comparison, the lookup by hash). Revocation
  // here clears the entry at once (forgetApiKey); a revocation made on another instance is seen here
  // within API_KEY_CACHE_MS. Unknown and revoked keys are never cached.
  const keyCache = new Map<string, { principal: Principal; until: number }>();

  /** lastUsedAt is kept to the minute: one write per key per minute, off the request path. */
  const touched = (principal: Principal, t: number): Principal => {
    if ((lastTouched.get(principal.id) ?? 0) < t - 60_000) {
      lastTouched.set(principal.id, t);
      void opts.access.touchApiKey(principal.id, now()).catch(() => {});
    }
    return principal;
  };

  /** The API key a token authenticated as within API_KEY_CACHE_MS, or undefined. */
  const cachedKey = (token: string, t: number): Principal | undefined => {
    const cached = keyCache.get(token);
    return cached && cached.until > t ? touched(cached.principal, t) : undefined;
  };

  return {
    /**
     * The principal of an `Authorization: Bearer <API key>` header this instance authenticated within
     * API_KEY_CACHE_MS, synchronously (the decide fast path); undefined when authenticate must decide.
     */
    cachedPrincipal(authorization: string | undefined): Principal | undefined {
      if (authorization === undefined || !authorization.startsWith('Bearer ')) return undefined;
      const token = authorization.slice(7);
      return token.startsWith(API_KEY_PREFIX) ? cachedKey(token, nowMs()) : undefined;
    },

    /** Resolves a bearer token; null when there is none, UNAUTHENTICATED when it is not valid. */
    async authenticate(authorization: string | undefined | null): Promise<Principal | null> {
      if (!authorization) return null;
      const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!m) throw new AssentError('UNAUTHENTICATED', 'The Authorization header must be "Bearer <token>".');
      const token = m[1]!;
      const t = nowMs();
      const hit = token.startsWith(API_KEY_PREFIX) ? cachedKey(token, t) : undefined;
      if (hit) return hit;
      // One SHA-256 of the token serves both the constant-time admin comparison and the key lookup.
      const digest = createHash('sha256').update(token).digest();
      if (timingSafeEqual(digest, adminDigest))
        return { role: 'ADMIN', kind: 'ADMIN', id: 'bootstrap-admin', via: 'bootstrap' };
      if (token.startsWith(API_KEY_PREFIX)) {
        const hash = digest.toString('hex');
        // Found by its hash, so the stored hash equals it: nothing secret is compared here.
        const found = await opts.access.findApiKeyBySecretHash(hash);
        if (!found) {
          keyCache.delete(token);
          throw new AssentError('UNAUTHENTICATED', 'Unknown API key.');
        }
        if (found.revokedAt) {
          keyCache.delete(token);
          throw new AssentError('UNAUTHENTICATED', 'This API key has been revoked.');
        }
        const role = found.role as 'ADMIN' | 'SERVICE' | 'SUPPORT';
        const principal: Principal = { role, kind: role, id: found.id, via: 'api-key', secretHash: hash };
        if (keyCache.size >= API_KEY_CACHE_MAX) keyCache.clear();
        keyCache.set(token, { principal, until: t + API_KEY_CACHE_MS });
        return touched(principal, t);
      }
      try {
        const { payload } = await jwtVerify(token, key, {
          issuer: ISSUER,
          audience: AUDIENCE,
          algorithms: ['HS256'],
          currentDate: now(),
        });
        if (typeof payload.sub !== 'string' || payload.sub === '')
          throw new AssentError('UNAUTHENTICATED', 'The subject token names no subject.');
        return { role: 'SUBJECT', kind: 'SUBJECT', id: payload.sub, subjectId: payload.sub, via: 'subject-token' };
      } catch (e) {
        if (e instanceof joseErrors.JWTExpired)
          throw new AssentError('UNAUTHENTICATED', 'The subject token has expired.', {
            userMessage: 'This link has expired. Open the privacy center again from the product.',
          });
        if (e instanceof AssentError) throw e;
        throw new AssentError('UNAUTHENTICATED', 'The token is not valid.');
      }
    },

    /** Stops trusting an API key this instance revoked (the next request reads it again and is refused). */
    forgetApiKey(id: string): void {
      for (const [hash, entry] of keyCache) if (entry.principal.id === id) keyCache.delete(hash);
    },

    /** False once an API key behind a long-lived connection (a subscription) has been revoked. */
    async stillValid(p: Principal): Promise<boolean> {
      if (p.via !== 'api-key' || !p.secretHash) return true;
      const found = await opts.access.findApiKeyBySecretHash(p.secretHash);
      return !!found && !found.revokedAt;
    },

    /** Signs a subject token bound to one subject; each carries its own jti, so two issued in one second differ. */
    async issueSubjectToken(subjectId: string, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }> {
      const iat = Math.floor(now().getTime() / 1000);
      const exp = iat + ttlSeconds;
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(subjectId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .setJti(randomUUID())
        .sign(key);
      return { token, expiresAt: new Date(exp * 1000) };
    },

    /** A new API key secret (shown once) and the hash to store. */
    newApiKeySecret(): { secret: string; secretHash: string } {
      const secret = API_KEY_PREFIX + randomBytes(32).toString('base64url');
      return { secret, secretHash: hashSecret(secret) };
    },
  };
}

/** The auth service's type. */
export type AuthService = ReturnType<typeof authService>;

/** Throws UNAUTHENTICATED without a principal, FORBIDDEN when its role is not allowed. */
export function requireRole<R extends Role>(p: Principal | null, roles: readonly R[]): Principal & { role: R } {
  if (!p) throw new AssentError('UNAUTHENTICATED', 'This operation needs a token: send Authorization: Bearer <token>.');
  if (!(roles as readonly Role[]).includes(p.role))
    throw new AssentError('FORBIDDEN', `The ${p.role} role may not do this.`);
  return p as Principal & { role: R };
}

/** Throws FORBIDDEN when a SUBJECT asks about someone else. */
export function requireSubjectAccess(p: Principal, subjectId: string): void {
  if (p.role === 'SUBJECT' && p.subjectId !== subjectId)
    throw new AssentError('FORBIDDEN', 'A subject token may only read its own subject.');
}
