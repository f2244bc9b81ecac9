import { randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify } from 'jose';

const ISSUER = 'assent';
const AUDIENCE = 'assent:unsubscribe';

/** What a one-click unsubscribe link stands for. */
export interface UnsubscribeLinkClaims {
  linkId: string;
  subjectId: string;
  purposeKey: string;
}

/**
 * Signs and checks one-click unsubscribe tokens: compact JWS (HS256) over a random link id, the
 * subject and the purpose, keyed with a secret of their own (kept in the settings table), so a link
 * cannot be guessed, altered or made from a subject token. They do not expire: an email is often
 * read months after it was sent, and the link only ever withdraws.
 */
export function unsubscribeLinks(opts: { secret: string }) {
  const key = new TextEncoder().encode(opts.secret);
  return {
    /** A new link's token and its id (recorded as evidence when it is used). */
    async issue(subjectId: string, purposeKey: string): Promise<{ token: string; linkId: string }> {
      const linkId = randomBytes(16).toString('base64url');
      const token = await new SignJWT({ pur: purposeKey })
        .setProtectedHeader({ alg: 'HS256' })
        .setJti(linkId)
        .setSubject(subjectId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .sign(key);
      return { token, linkId };
    },
    /** The claims of a token this server signed; null for anything forged, altered or malformed. */
    async verify(token: string): Promise<UnsubscribeLinkClaims | null> {
      try {
        const { payload } = await jwtVerify(token, key, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
        const { jti, sub, pur } = payload;
        if (typeof jti !== 'string' || typeof sub !== 'string' || typeof pur !== 'string') return null;
        return { linkId: jti, subjectId: sub, purposeKey: pur };
      } catch {
        return null;
      }
    },
  };
}

/** The unsubscribe link service's type. */
export type UnsubscribeLinks = ReturnType<typeof unsubscribeLinks>;
