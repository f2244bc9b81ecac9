/**
 * The banner's whole conversation with Assent: four operations, POSTed as JSON to
 * `${api}/graphql` with the token in the Authorization header and no cookies.
 * Deliberately not @assent/web-kit's client: that one pulls in React types and
 * codegen documents; the banner has to stay a few kilobytes.
 */

/** The Google Consent Mode v2 signals a purpose can govern (Purpose.consentMode, a server extension). */
export type ConsentModeSignal = 'ad_storage' | 'analytics_storage' | 'ad_user_data' | 'ad_personalization';

export type ConsentStatus = 'NOT_GIVEN' | 'NOT_APPLICABLE' | 'GRANTED' | 'WITHDRAWN' | 'RECONSENT_REQUIRED' | 'REFUSED';
export type ChoiceAction = 'GRANT' | 'REFUSE' | 'WITHDRAW';
export type BannerMethod = 'banner/accept-all' | 'banner/reject-all' | 'banner/save';

export interface BannerPurpose {
  key: string;
  title: string;
  description: string;
  requiresConsent: boolean;
  gpcOptOut: boolean;
  consentMode: ConsentModeSignal[];
}

export interface PurposeState {
  purpose: BannerPurpose;
  status: ConsentStatus;
  /** The subject is to be asked about this purpose (a grant being asked again starts unticked). */
  needsPrompt: boolean;
}

export interface BannerNotice {
  id: string;
  version: number;
  summary: string;
  locale: string;
  /** Every language the notice has texts in, its default first: the language switcher's choices. */
  availableLocales: string[];
}

export interface BannerState {
  /** The request carried Sec-GPC: 1 (a server extension): the banner then calls applyGpc as for the navigator signal. */
  gpcSignal: boolean;
  currentNotice: BannerNotice;
  me: { needsPrompt: boolean; purposes: PurposeState[] };
}

export interface Choice {
  purposeKey: string;
  action: ChoiceAction;
}

/** Everything the first paint needs, in one request. */
export const BANNER_STATE = `query BannerState($locale: String) {
  gpcSignal
  currentNotice(locale: $locale) { id version summary locale availableLocales }
  me(locale: $locale) {
    needsPrompt
    purposes { purpose { key title description requiresConsent gpcOptOut consentMode } status needsPrompt }
  }
}`;

/**
 * A visitor without a token is a new subject: no record, every active consent purpose the current notice describes is
 * asked. Its first paint needs only public data, in one request; the visitor session starts when there is something to
 * record (a choice, or Global Privacy Control).
 */
export const BANNER_INTRO = `query BannerIntro($locale: String) {
  gpcSignal
  currentNotice(locale: $locale) { id version summary locale availableLocales purposes { purposeKey } }
  purposes(locale: $locale) { key title description requiresConsent gpcOptOut consentMode active }
}`;

export interface BannerIntro {
  gpcSignal: boolean;
  currentNotice: BannerNotice & { purposes: { purposeKey: string }[] };
  purposes: (BannerPurpose & { active: boolean })[];
}

/** A new visitor's state from public data, as `me` would answer for a subject with no record. */
export function newVisitorState(intro: BannerIntro): BannerState {
  const described = new Set(intro.currentNotice.purposes.map((p) => p.purposeKey));
  const purposes: PurposeState[] = intro.purposes
    .filter((p) => p.active)
    .map(({ active: _active, ...purpose }) => ({
      purpose,
      status: purpose.requiresConsent ? 'NOT_GIVEN' : 'NOT_APPLICABLE',
      needsPrompt: purpose.requiresConsent && described.has(purpose.key),
    }));
  const { purposes: _listed, ...currentNotice } = intro.currentNotice;
  return {
    gpcSignal: intro.gpcSignal,
    currentNotice,
    me: { needsPrompt: purposes.some((p) => p.needsPrompt), purposes },
  };
}

export const START_VISITOR_SESSION = `mutation StartVisitorSession {
  startVisitorSession { token expiresAt }
}`;

export const APPLY_GPC = `mutation ApplyGpc($signal: String!) {
  applyGpc(signal: $signal) { id purposeKey action }
}`;

export const RECORD_CHOICES = `mutation RecordChoices($input: ChoicesInput!) {
  recordChoices(input: $input) { id purposeKey action }
}`;

/** A failed request: `code` is the first error's extensions.code, or NETWORK_ERROR when no GraphQL answer came. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    message: string,
    readonly code: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

interface GraphQLResponse {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string; retryAfterSeconds?: number } }[];
}

/** The GraphQL endpoint of an Assent server given as the banner's `api` attribute (a path prefix is kept). */
export function graphqlEndpoint(api: string): string {
  return new URL(`${api.replace(/\/+$/, '')}/graphql`, document.baseURI).href;
}

/** POSTs one operation; resolves with its data or rejects with an ApiError (never anything else). */
export async function request<T>(
  endpoint: string,
  token: string | null,
  operationName: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<T> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'application/graphql-response+json, application/json',
  };
  if (token) headers.Authorization = `Bearer ${token}`;
  let response: Response;
  let body: GraphQLResponse;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers,
      credentials: 'omit',
      body: JSON.stringify({ operationName, query, variables }),
    });
  } catch {
    throw new ApiError('The server could not be reached.', 'NETWORK_ERROR');
  }
  try {
    body = (await response.json()) as GraphQLResponse;
  } catch {
    throw new ApiError(
      `The server answered ${response.status} without a GraphQL response.`,
      response.status === 429 ? 'RATE_LIMITED' : 'NETWORK_ERROR',
    );
  }
  const first = body.errors?.[0];
  if (first) {
    throw new ApiError(
      first.message,
      first.extensions?.code ?? 'INTERNAL_SERVER_ERROR',
      first.extensions?.retryAfterSeconds,
    );
  }
  if (!response.ok || body.data == null) {
    throw new ApiError(`The server answered ${response.status} without data.`, 'INTERNAL_SERVER_ERROR');
  }
  return body.data as T;
}
