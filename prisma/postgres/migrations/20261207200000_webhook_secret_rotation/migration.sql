-- #16, webhook secret rotation: the secret a rotation replaced (sealed under the KEK like the current one) keeps
-- signing deliveries beside the new one until previousSecretExpiresAt (ASSENT_WEBHOOK_SECRET_GRACE_SECONDS).
ALTER TABLE "Webhook" ADD COLUMN "previousSecret" TEXT;
ALTER TABLE "Webhook" ADD COLUMN "previousSecretExpiresAt" TIMESTAMP(3);
