import dns from 'node:dns/promises';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import {
  AssentError,
  EVENT_TYPES,
  isForbiddenWebhookHost,
  parseInput,
  requiresConsent,
  ZDateTime,
  ZHistoryFirst,
  ZWebhookInput,
} from '@assent/core';
import { z } from 'zod';
import type { DeliveryInfo, WebhookInfo, WebhookRepository } from '../db/webhook.repository.ts';
import { requireRole, type Principal } from './auth.service.ts';
import type { CatalogCache } from './catalog.service.ts';

/** A webhook id as the API accepts it. */
export const ZWebhookId = z.string().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** Every address a host name resolves to (IP literals resolve to themselves). */
export type ResolveHost = (hostname: string) => Promise<string[]>;
const resolveWithDns: ResolveHost = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** A new Standard Webhooks secret: 'whsec_' + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** The webhook use cases (ADMIN only): register, list, disable, enable, inspect and replay deliveries. */
export function webhookService(deps: {
  webhooks: WebhookRepository;
  catalog: CatalogCache;
  /** Wakes the dispatcher after a change that makes deliveries due. */
  onChange: () => void;
  resolveHost?: ResolveHost;
  now?: () => Date;
  /** ASSENT_OUTBOX_RETENTION_DAYS: how far back events are kept, so how far back replay reaches (default 30). */
  retentionDays?: number;
}) {
  const { webhooks, catalog } = deps;
  const now = deps.now ?? (() => new Date());
  const resolveHost = deps.resolveHost ?? resolveWithDns;

  const webhookOrThrow = async (id: unknown): Promise<WebhookInfo> => {
    const w = await webhooks.findById(parseInput(ZWebhookId, id));
    if (!w) throw new AssentError('NOT_FOUND', `No webhook with id '${String(id)}'.`);
    return w;
  };

  /**
   * Refuses a host whose name resolves to a link-local or metadata address (literals are checked by the core). A name
   * that does not resolve yet (a receiver not deployed yet, a resolver this instance cannot reach) is accepted, as the
   * contract refuses only those addresses: its deliveries fail and are retried until it resolves, and the sender checks
   * every address it connects to (outbox/webhook-sender.ts), so a name that later resolves to such an address is never
   * called.
   */
  async function checkResolvedHost(hostname: string): Promise<void> {
    const bare = hostname.replace(/^\[(.*)\]$/, '$1');
    if (net.isIP(bare)) return;
    let addresses: string[];
    try {
      addresses = await resolveHost(bare);
    } catch {
      return;
    }
    const bad = addresses.find((a) => isForbiddenWebhookHost(a));
    if (bad)
      throw new AssentError(
        'BAD_USER_INPUT',
        `url: the host '${bare}' resolves to ${bad}, a link-local or cloud-metadata address.`,
      );
  }

  return {
    /** Registers a webhook; the secret is returned once and never again. */
    async register(p: Principal | null, rawInput: unknown): Promise<{ webhook: WebhookInfo; secret: string }> {
      requireRole(p, ['ADMIN']);
      const input = parseInput(ZWebhookInput, rawInput);
      const purposeKeys = [...new Set(input.purposeKeys ?? [])];
      const unknown = purposeKeys.filter((k) => !catalog.get().purposeByKey.has(k));
      if (unknown.length)
        throw new AssentError(
          'NOT_FOUND',
          `purposeKeys: no purpose with key ${unknown.map((k) => `'${k}'`).join(', ')}.`,
        );
      // purposeKeys filters consent events: a purpose on another legal basis has none, so such a filter never matches.
      const notConsent = purposeKeys.filter((k) => !requiresConsent(catalog.get().purposeByKey.get(k)!));
      if (notConsent.length)
        throw new AssentError(
          'BAD_USER_INPUT',
          `purposeKeys: ${notConsent.map((k) => `'${k}'`).join(', ')} ${notConsent.length === 1 ? 'rests' : 'rest'} on another legal basis than consent, so no consent event names ${notConsent.length === 1 ? 'it' : 'them'}: the filter would never match.`,
        );
      await checkResolvedHost(new URL(input.url).hostname);
      const secret = newWebhookSecret();
      const webhook = await webhooks.create({
        url: input.url,
        purposeKeys,
        eventTypes: [...new Set(input.eventTypes ?? EVENT_TYPES)],
        secret,
        createdAt: now(),
      });
      deps.onChange();
      return { webhook, secret };
    },

    /** Every webhook, without secrets. */
    async list(p: Principal | null): Promise<WebhookInfo[]> {
      requireRole(p, ['ADMIN']);
      return webhooks.list();
    },

    /** Stops deliveries to a webhook; they wait until it is enabled again. */
    async disable(p: Principal | null, id: unknown): Promise<WebhookInfo> {
      const admin = requireRole(p, ['ADMIN']);
      const w = await webhookOrThrow(id);
      if (w.status === 'DISABLED') return w;
      return webhooks.disable(w.id, `Disabled by ${admin.kind.toLowerCase()} '${admin.id}' at ${now().toISOString()}.`);
    },

    /** Resumes deliveries: the waiting ones are due at once, before newer events of the same subject. */
    async enable(p: Principal | null, id: unknown): Promise<WebhookInfo> {
      requireRole(p, ['ADMIN']);
      const w = await webhookOrThrow(id);
      const enabled = await webhooks.enable(w.id, now());
      deps.onChange();
      return enabled;
    },

    /** A webhook's deliveries, newest first (first: 1..200). */
    async deliveries(p: Principal | null, args: { webhookId: unknown; first?: unknown }): Promise<DeliveryInfo[]> {
      requireRole(p, ['ADMIN']);
      const first = parseInput(ZHistoryFirst, args.first ?? 50);
      const w = await webhookOrThrow(args.webhookId);
      return webhooks.listDeliveries(w.id, first);
    },

    /** Queues again every matching event with recordedAt (publishedAt) >= since; returns how many. */
    /**
     * Queues the webhook's events since an instant again; `beyondRetention` is the retention horizon when `since` is
     * older than it (events dispatched before it are pruned after ASSENT_OUTBOX_RETENTION_DAYS and cannot be replayed).
     */
    async replay(
      p: Principal | null,
      args: { webhookId: unknown; since: unknown },
    ): Promise<{ count: number; beyondRetention: Date | null }> {
      requireRole(p, ['ADMIN']);
      const since = parseInput(ZDateTime, args.since);
      const w = await webhookOrThrow(args.webhookId);
      if (w.status === 'DISABLED')
        throw new AssentError('CONFLICT', `Webhook '${w.id}' is disabled: enable it before replaying deliveries.`);
      const t = now();
      const horizon = new Date(t.getTime() - (deps.retentionDays ?? 30) * 86_400_000);
      const count = await webhooks.replay(w, since, t);
      if (count) deps.onChange();
      return { count, beyondRetention: since < horizon ? horizon : null };
    },
  };
}

/** The webhook service's type. */
export type WebhookService = ReturnType<typeof webhookService>;
