/** A rotated webhook's grace period: how long the replaced secret keeps signing (one day). */
export const DEFAULT_WEBHOOK_SECRET_GRACE_SECONDS = 86400;

/** A webhook's secrets: the current one, and the one it replaced while its grace period lasts. */
export interface WebhookSecrets<S = string> {
  current: S;
  previous: S | null;
  /** When the previous secret stops signing (null when there is none). */
  previousExpiresAt: Date | null;
}

/**
 * The secrets that sign a delivery attempted at `at`, newest first: the current one, and the previous one until
 * its expiry (exclusive). A receiver verifying with either secret accepts the attempt (Standard Webhooks lets
 * webhook-signature carry several space-separated signatures).
 */
export function signingSecretsAt<S>(secrets: WebhookSecrets<S>, at: Date): S[] {
  const { current, previous, previousExpiresAt } = secrets;
  if (previous === null || previousExpiresAt === null || at.getTime() >= previousExpiresAt.getTime()) return [current];
  return [current, previous];
}

/**
 * What a rotation stores: the new secret as the current one and the replaced one as the previous, expiring
 * `graceSeconds` after `now`. A secret replaced earlier that was still in its grace period stops signing: only
 * the secret the receiver was last given is kept beside the new one.
 */
export function rotateSecrets<S>(current: S, next: S, now: Date, graceSeconds: number): WebhookSecrets<S> {
  if (!Number.isInteger(graceSeconds) || graceSeconds < 0)
    throw new RangeError(`graceSeconds must be a whole number of seconds >= 0, got ${graceSeconds}`);
  if (graceSeconds === 0) return { current: next, previous: null, previousExpiresAt: null };
  return { current: next, previous: current, previousExpiresAt: new Date(now.getTime() + graceSeconds * 1000) };
}
