import * as oidc from 'openid-client';
import { AssentError, staffRoleFromClaim, type StaffRole } from '@assent/core';

// Staff sign-in through the organisation's identity provider (#18, ASSENT_OIDC_ISSUER): the authorization code flow
// with PKCE, state and nonce, by openid-client. The identity provider authenticates; Assent reads the role claim.

/** Where a login stands between GET /staff/login and GET /staff/callback (kept sealed in a short-lived cookie). */
export interface OidcLoginState {
  verifier: string;
  state: string;
  nonce: string;
}

/** Who the identity provider signed in: the stable actor id (`oidc:<sub>`), a name to show and the staff role. */
export interface OidcIdentity {
  actorId: string;
  displayName: string;
  role: StaffRole;
}

/** The OIDC settings (env.ts). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  roleClaim: string;
  /** <public URL>/staff/callback, registered at the identity provider. */
  redirectUri: () => string;
}

/** Staff sign-in through an OpenID Connect provider. Discovery happens at the first login and is kept. */
export function staffOidc(settings: OidcSettings) {
  let config: Promise<oidc.Configuration> | null = null;
  const configuration = () => {
    config ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        settings.clientSecret ? oidc.ClientSecretBasic(settings.clientSecret) : oidc.None(),
        // An http:// issuer is a provider on this machine or network (development, tests); https is the rule.
        settings.issuer.startsWith('http://') ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((e: unknown) => {
        config = null;
        throw e;
      });
    return config;
  };

  return {
    /** Where to send the browser to sign in, and the state to keep until it comes back. */
    async begin(): Promise<{ url: URL; login: OidcLoginState }> {
      const login = { verifier: oidc.randomPKCECodeVerifier(), state: oidc.randomState(), nonce: oidc.randomNonce() };
      const url = oidc.buildAuthorizationUrl(await configuration(), {
        redirect_uri: settings.redirectUri(),
        scope: 'openid email profile',
        code_challenge: await oidc.calculatePKCECodeChallenge(login.verifier),
        code_challenge_method: 'S256',
        state: login.state,
        nonce: login.nonce,
      });
      return { url, login };
    },

    /**
     * Completes a login from the callback URL: exchanges the code (checking state, nonce and PKCE), and reads the
     * role from the ID token, or from userinfo when the ID token does not carry it. FORBIDDEN without a staff role.
     */
    async complete(callbackUrl: URL, login: OidcLoginState): Promise<OidcIdentity> {
      const cfg = await configuration();
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(cfg, callbackUrl, {
          pkceCodeVerifier: login.verifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        });
      } catch (e) {
        throw new AssentError(
          'UNAUTHENTICATED',
          `The identity provider's answer was not accepted: ${(e as Error).message}`,
          {
            cause: e,
          },
        );
      }
      const claims: Record<string, unknown> = { ...tokens.claims() };
      if (claims[settings.roleClaim] === undefined && tokens.access_token)
        Object.assign(claims, await oidc.fetchUserInfo(cfg, tokens.access_token, String(claims.sub)), {
          sub: claims.sub,
        });
      const role = staffRoleFromClaim(claims[settings.roleClaim]);
      if (!role)
        throw new AssentError(
          'FORBIDDEN',
          `Your identity provider account has no staff role (claim '${settings.roleClaim}' must be ADMIN or SUPPORT). Ask an administrator.`,
        );
      const name = [claims.email, claims.name, claims.preferred_username].find((v) => typeof v === 'string' && v) as
        string | undefined;
      return { actorId: `oidc:${String(claims.sub)}`, displayName: name ?? String(claims.sub), role };
    },
  };
}

/** The OIDC sign-in's type. */
export type StaffOidc = ReturnType<typeof staffOidc>;
