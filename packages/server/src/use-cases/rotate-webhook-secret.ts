import { AssentError, DEFAULT_WEBHOOK_SECRET_GRACE_SECONDS, parseInput, rotateSecrets } from '@assent/core';
import type { WebhookInfo } from '../db/webhook.repository.ts';
import { requireRole, type Principal } from '../services/auth.service.ts';
import { newWebhookSecret, ZWebhookId } from '../services/webhook.service.ts';
import type { UseCaseDeps } from './deps.ts';

/**
 * Gives a webhook a new secret (ADMIN), returned once like registerWebhook's. The replaced secret keeps signing
 * deliveries beside the new one for ASSENT_WEBHOOK_SECRET_GRACE_SECONDS, so a receiver can switch without
 * refusing anything; a secret replaced earlier and still in its grace period stops signing at once.
 */
export async function rotateWebhookSecret(
  deps: Pick<UseCaseDeps, 'webhookRepo' | 'webhookSecretGraceSeconds' | 'now'>,
  principal: Principal | null,
  input: { id: string },
): Promise<{ webhook: WebhookInfo; secret: string }> {
  requireRole(principal, ['ADMIN']);
  const id = parseInput(ZWebhookId, input.id, 'id');
  const stored = await deps.webhookRepo.findStoredSecrets(id);
  if (!stored) throw new AssentError('NOT_FOUND', `No webhook with id '${id}'.`);
  const secret = newWebhookSecret();
  const grace = deps.webhookSecretGraceSeconds ?? DEFAULT_WEBHOOK_SECRET_GRACE_SECONDS;
  const webhook = await deps.webhookRepo.replaceSecrets(
    id,
    stored.current,
    rotateSecrets(stored.current, secret, deps.now(), grace),
  );
  if (!webhook)
    throw new AssentError('CONFLICT', `Webhook '${id}' had its secret rotated at the same time; rotate it again.`);
  return { webhook, secret };
}
