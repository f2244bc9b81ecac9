import type { RequestHandler } from 'express';
import type { SigningKeys } from '../crypto/signing-keys.ts';
import { sendUnexpected } from './responses.ts';

/** How long caches may keep the key set: a rotation is seen within this, and old keys never leave it. */
const MAX_AGE_SECONDS = 300;

/**
 * GET /.well-known/jwks.json (contract 1.1): the public keys of every signing key ever used, newest first. Public and
 * cacheable; readable from any origin, since anyone holding a receipt may verify it.
 */
export function jwksHandler(signing: SigningKeys, onError: (err: unknown) => void): RequestHandler {
  return (_req, res) => {
    signing.jwks().then(
      (jwks) => {
        res.setHeader('cache-control', `public, max-age=${MAX_AGE_SECONDS}`);
        res.setHeader('access-control-allow-origin', '*');
        res.type('application/jwk-set+json').send(JSON.stringify(jwks));
      },
      (err) => {
        onError(err);
        sendUnexpected(res);
      },
    );
  };
}
