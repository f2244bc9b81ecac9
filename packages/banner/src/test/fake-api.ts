import { vi } from 'vitest';
import type { BannerIntro, BannerState, PurposeState } from '../api';

/** A GraphQL body as the server sends it. */
export type GraphQLBody = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };

/** Answers one operation from its variables and Authorization header. */
export type Resolver = (variables: Record<string, unknown>, authorization: string | null) => GraphQLBody;

/** One request the banner sent, decoded. */
export interface SentRequest {
  url: string;
  operationName: string;
  query: string;
  variables: Record<string, unknown>;
  authorization: string | null;
  credentials: RequestCredentials | undefined;
}

/** A GraphQL error body with `extensions.code`. */
export function graphqlError(code: string, message = 'refused'): GraphQLBody {
  return { errors: [{ message, extensions: { code } }] };
}

/**
 * Replaces the global fetch (the network boundary, nothing else) with an Assent
 * server answering by operation name; unmocked operations get INTERNAL_SERVER_ERROR.
 */
export function fakeAssent(resolvers: Record<string, Resolver>) {
  const sent: SentRequest[] = [];
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as {
      operationName: string;
      query: string;
      variables: Record<string, unknown>;
    };
    const authorization = new Headers(init.headers).get('Authorization');
    sent.push({
      url,
      operationName: body.operationName,
      query: body.query,
      variables: body.variables,
      authorization,
      credentials: init.credentials,
    });
    const resolver = resolvers[body.operationName];
    const answer = resolver
      ? resolver(body.variables, authorization)
      : graphqlError('INTERNAL_SERVER_ERROR', `unmocked ${body.operationName}`);
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetchMock);
  return { sent, fetchMock, operations: () => sent.map((request) => request.operationName) };
}

/** One of the purposes below, as `me` lists it. */
function purpose(
  key: string,
  title: string,
  extra: Partial<PurposeState['purpose']> = {},
  status: PurposeState['status'] = 'NOT_GIVEN',
): PurposeState {
  return {
    purpose: {
      key,
      title,
      description: `What ${title.toLowerCase()} means.`,
      requiresConsent: true,
      gpcOptOut: false,
      consentMode: [],
      ...extra,
    },
    status,
    needsPrompt: extra.requiresConsent !== false && (status === 'NOT_GIVEN' || status === 'RECONSENT_REQUIRED'),
  };
}

/** A subject's state: analytics, ads (GPC, ad signals), newsletter, and a contract purpose. */
export function bannerState(
  options: {
    needsPrompt?: boolean;
    statuses?: Record<string, PurposeState['status']>;
    /** Purposes asked again although their status stays (a grant a pending notice will make lapse). */
    askedAgain?: string[];
    gpcSignal?: boolean;
  } = {},
): { data: BannerState } {
  const statuses = options.statuses ?? {};
  const answer: { data: BannerState } = {
    data: {
      gpcSignal: options.gpcSignal ?? false,
      currentNotice: {
        id: 'notice-3',
        version: 3,
        summary: 'We use your data to run the shop and, if you allow it, for the purposes below.',
        locale: 'en',
        availableLocales: ['en'],
      },
      me: {
        needsPrompt: options.needsPrompt ?? true,
        purposes: [
          purpose('analytics', 'Product analytics', { consentMode: ['analytics_storage'] }, statuses.analytics),
          purpose(
            'ad-partners',
            'Share with advertising partners',
            { gpcOptOut: true, consentMode: ['ad_storage', 'ad_user_data', 'ad_personalization'] },
            statuses['ad-partners'],
          ),
          purpose('newsletter', 'Newsletter', {}, statuses.newsletter),
          purpose('orders', 'Deliver your orders', { requiresConsent: false }, 'NOT_APPLICABLE'),
        ],
      },
    },
  };
  for (const item of answer.data.me.purposes) {
    if (options.needsPrompt === false) item.needsPrompt = false;
    if (options.askedAgain?.includes(item.purpose.key)) item.needsPrompt = true;
  }
  return answer;
}

/** What recordChoices answers: one record per choice, in order. */
export function recordChoicesAnswer(variables: Record<string, unknown>): GraphQLBody {
  const input = variables.input as { choices: { purposeKey: string; action: string }[] };
  return { data: { recordChoices: input.choices.map((choice, index) => ({ id: `r${index}`, ...choice })) } };
}

/** What the public BannerIntro query answers for the purposes of {@link bannerState} (a new visitor has no record). */
export function bannerIntro(options: { gpcSignal?: boolean; locale?: string } = {}): { data: BannerIntro } {
  const { currentNotice, me } = bannerState().data;
  return {
    data: {
      gpcSignal: options.gpcSignal ?? false,
      currentNotice: {
        ...currentNotice,
        locale: options.locale ?? currentNotice.locale,
        purposes: me.purposes.map((p) => ({ purposeKey: p.purpose.key })),
      },
      purposes: [
        ...me.purposes.map((p) => ({ ...p.purpose, active: true })),
        {
          key: 'retired',
          title: 'Retired',
          description: 'No longer asked.',
          requiresConsent: true,
          gpcOptOut: false,
          consentMode: [],
          active: false,
        },
      ],
    },
  };
}
