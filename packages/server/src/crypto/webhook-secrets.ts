import { isSealed, type KeyEncryption } from './key-encryption.ts';

/** Seals webhook secrets for their row and opens them to sign a delivery. */
export interface WebhookSecretBox {
  /** The stored form of a webhook's secret: sealed under the KEK, bound to that webhook. */
  seal(webhookId: string, secret: string): string;
  /** The secret from its stored form; a value stored in clear by an earlier version is returned as it is. */
  open(webhookId: string, stored: string): string;
}

/** Webhook secrets sealed with `webhook-secret:<id>` as the context. */
export function webhookSecretBox(kek: KeyEncryption): WebhookSecretBox {
  const context = (id: string) => `webhook-secret:${id}`;
  return {
    seal: (id, secret) => kek.seal(secret, context(id)),
    open: (id, stored) => (isSealed(stored) ? kek.openText(stored, context(id)) : stored),
  };
}
