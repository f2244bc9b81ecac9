import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { type GraphQLRequest, useGraphQLClient } from '@assent/web-kit';
import { graphql } from '../../gql';
import type { WebhookDeliveriesQuery, WebhookFieldsFragment, WebhookInput } from '../../gql/graphql';

/** A webhook as listed. */
export const webhookFieldsFragment = graphql(`
  fragment WebhookFields on Webhook {
    id
    url
    purposeKeys
    eventTypes
    status
    disabledReason
    createdAt
  }
`);

/** Every webhook (ADMIN). */
export const webhooksDocument = graphql(`
  query Webhooks {
    webhooks {
      ...WebhookFields
    }
  }
`);

/** A webhook's deliveries, newest first (ADMIN). */
export const webhookDeliveriesDocument = graphql(`
  query WebhookDeliveries($webhookId: ID!, $first: Int) {
    webhookDeliveries(webhookId: $webhookId, first: $first) {
      id
      eventId
      eventType
      status
      attempts
      lastAttemptAt
      lastResponseStatus
      nextAttemptAt
    }
  }
`);

/** Registers a webhook; the signing secret comes back once (ADMIN). */
export const registerWebhookDocument = graphql(`
  mutation RegisterWebhook($input: WebhookInput!) {
    registerWebhook(input: $input) {
      webhook {
        ...WebhookFields
      }
      secret
    }
  }
`);

/** Stops deliveries to a webhook (ADMIN). */
export const disableWebhookDocument = graphql(`
  mutation DisableWebhook($id: ID!) {
    disableWebhook(id: $id) {
      ...WebhookFields
    }
  }
`);

/** Resumes deliveries, pending ones first (ADMIN). */
export const enableWebhookDocument = graphql(`
  mutation EnableWebhook($id: ID!) {
    enableWebhook(id: $id) {
      ...WebhookFields
    }
  }
`);

/** Queues again every matching event since an instant (ADMIN). */
export const replayWebhookDeliveriesDocument = graphql(`
  mutation ReplayWebhookDeliveries($webhookId: ID!, $since: DateTime!) {
    replayWebhookDeliveries(webhookId: $webhookId, since: $since)
  }
`);

/** A webhook. */
export type WebhookItem = WebhookFieldsFragment;
/** One delivery. */
export type DeliveryItem = WebhookDeliveriesQuery['webhookDeliveries'][number];

/** Deliveries shown per webhook. */
export const DELIVERY_PAGE_SIZE = 50;

const webhooksQueryKey = ['webhooks'] as const;

/** The webhook list. */
export function webhooksQueryOptions(request: GraphQLRequest) {
  return queryOptions({ queryKey: webhooksQueryKey, queryFn: async () => (await request(webhooksDocument)).webhooks });
}

/** Key of one webhook's delivery log. */
export const webhookDeliveriesQueryKey = (webhookId: string) => [...webhooksQueryKey, webhookId, 'deliveries'] as const;

/** One webhook's delivery log. */
export function webhookDeliveriesQueryOptions(request: GraphQLRequest, webhookId: string) {
  return queryOptions({
    queryKey: webhookDeliveriesQueryKey(webhookId),
    queryFn: async () =>
      (await request(webhookDeliveriesDocument, { webhookId, first: DELIVERY_PAGE_SIZE })).webhookDeliveries,
    // Deliveries move on their own (retries, replays) while the log is open.
    refetchInterval: 10_000,
  });
}

/** registerWebhook, refreshing the list. */
export function useRegisterWebhook() {
  const request = useGraphQLClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: WebhookInput) => (await request(registerWebhookDocument, { input })).registerWebhook,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhooksQueryKey }),
  });
}

/** disableWebhook or enableWebhook, refreshing the list. */
export function useSetWebhookEnabled() {
  const request = useGraphQLClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, enabled }: { id: string; enabled: boolean }) =>
      enabled
        ? (await request(enableWebhookDocument, { id })).enableWebhook
        : (await request(disableWebhookDocument, { id })).disableWebhook,
    onSettled: () => queryClient.invalidateQueries({ queryKey: webhooksQueryKey }),
  });
}

/** replayWebhookDeliveries, refreshing that webhook's log. */
export function useReplayDeliveries(webhookId: string) {
  const request = useGraphQLClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (since: string) =>
      (await request(replayWebhookDeliveriesDocument, { webhookId, since })).replayWebhookDeliveries,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: webhookDeliveriesQueryKey(webhookId) }),
  });
}
