import { createDecideBatcher, type Decision, type DecideRequest } from './decide-batcher.ts';
import {
  GrantConsentDocument,
  ImportConsentsDocument,
  IssueSubjectTokenDocument,
  IssueUnsubscribeLinkDocument,
  RecordChoicesDocument,
  RefuseConsentDocument,
  WithdrawConsentDocument,
  type ChoicesInput,
  type ConsentInput,
  type ConsentRecordFieldsFragment,
  type ImportRecordInput,
} from './gql/graphql.ts';
import {
  createLocalDecider,
  type LocalDecider,
  type LocalDecisionsOptions,
  type RemoteFallbackDecider,
} from './local-decider.ts';
import { createTransport, type FetchLike, type Request, type RetryOptions } from './transport.ts';
import { AssentError } from './assent-error.ts';

/** A ledger entry as the client reads it back. */
export type ConsentRecord = ConsentRecordFieldsFragment;

/** Options of {@link createAssentClient}. */
export interface AssentClientOptions {
  /** The GraphQL endpoint, e.g. https://assent.example.com/graphql (subscriptions use the same path over ws/wss). */
  url: string;
  /** A SERVICE API key for product backends (ADMIN works too; a subject token only for its own subject's decide). */
  token?: string | undefined;
  /** Replaces the global fetch (tests, proxies, instrumentation). */
  fetch?: FetchLike;
  /** Opt-in: retry RATE_LIMITED answers after the time the server asks for. */
  retry?: RetryOptions;
  /** Abort a request after this long (NETWORK_ERROR). Default 30 s. */
  timeoutMs?: number;
  /** A WebSocket class for the subscription source where there is no global one (Node 20: `ws`). */
  webSocketImpl?: unknown;
}

/** Options shared by decide and decideMany. */
export interface DecideOptions {
  /** Decide as of this past instant instead of now. */
  at?: Date | string;
}

/** `at` as the API takes it; a Date that is no instant (new Date('garbage')) is BAD_USER_INPUT, as the server says. */
const iso = (at: Date | string | undefined) => {
  if (at === undefined || typeof at === 'string') return at;
  if (Number.isNaN(at.getTime())) throw new AssentError('BAD_USER_INPUT', '`at` is an invalid Date.');
  return at.toISOString();
};

/** Creates a client for Assent's GraphQL API; every method throws AssentError on failure. */
export function createAssentClient(options: AssentClientOptions) {
  const request: Request = createTransport({
    url: options.url,
    token: options.token,
    fetch: options.fetch,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
  });
  const batcher = createDecideBatcher(request);

  const client = {
    /** The typed request every method uses, for operations without a method here. */
    request,
    /** May this subject's data be processed for this purpose? Calls in the same tick share one request. */
    async decide(subjectId: string, purposeKey: string, opts: DecideOptions = {}): Promise<Decision> {
      const [d] = await batcher.load([{ subjectId, purposeKey }], iso(opts.at), true);
      return d!;
    },
    /** Many decisions, in the order asked; batched with other calls of the same tick, 1,000 per request. */
    async decideMany(requests: DecideRequest[], opts: DecideOptions = {}): Promise<Decision[]> {
      return batcher.load(requests, iso(opts.at), false);
    },
    /** Records a GRANT. */
    async grantConsent(input: ConsentInput): Promise<ConsentRecord> {
      return (await request(GrantConsentDocument, { input })).grantConsent;
    },
    /** Records a WITHDRAW: as easy as granting. */
    async withdrawConsent(input: ConsentInput): Promise<ConsentRecord> {
      return (await request(WithdrawConsentDocument, { input })).withdrawConsent;
    },
    /** Records a REFUSE (asked and declined; contract 1.1). */
    async refuseConsent(input: ConsentInput): Promise<ConsentRecord> {
      return (await request(RefuseConsentDocument, { input })).refuseConsent;
    },
    /** Several choices in one atomic call (a banner's 'Accept all', 'Reject all' or 'Save'). */
    async recordChoices(input: ChoicesInput): Promise<ConsentRecord[]> {
      return (await request(RecordChoicesDocument, { input })).recordChoices;
    },
    /** A short-lived token for the privacy center, for one subject. */
    async issueSubjectToken(subjectId: string, ttlSeconds?: number): Promise<{ token: string; expiresAt: string }> {
      return (await request(IssueSubjectTokenDocument, { subjectId, ttlSeconds })).issueSubjectToken;
    },
    /** An RFC 8058 one-click unsubscribe link, with the List-Unsubscribe and List-Unsubscribe-Post header values. */
    async issueUnsubscribeLink(
      subjectId: string,
      purposeKey: string,
    ): Promise<{ url: string; listUnsubscribe: string; listUnsubscribePost: string }> {
      return (await request(IssueUnsubscribeLinkDocument, { subjectId, purposeKey })).issueUnsubscribeLink;
    },
    /** Up to 1,000 consents recorded elsewhere, all or nothing, idempotent by importId. */
    async importConsents(records: ImportRecordInput[]): Promise<{ imported: number; duplicates: number }> {
      return (await request(ImportConsentsDocument, { records })).importConsents;
    },
    /**
     * Loads a snapshot of the purposes and follows the event stream: synchronous, fail-closed decisions in process
     * (with onStale 'remote', the server's answer while the copy is stale: RemoteFallbackDecider).
     */
    localDecisions: ((opts: LocalDecisionsOptions) =>
      createLocalDecider(
        {
          request,
          url: options.url,
          token: options.token,
          webSocketImpl: options.webSocketImpl,
          remoteDecide: client.decide,
        },
        opts,
      )) as LocalDecisions,
  };
  return client;
}

/** client.localDecisions: with onStale 'remote' its decider may answer with a Promise while stale. */
type LocalDecisions = {
  (opts: LocalDecisionsOptions & { onStale: 'remote' }): Promise<RemoteFallbackDecider>;
  (opts: LocalDecisionsOptions): Promise<LocalDecider>;
};

/** The client {@link createAssentClient} returns. */
export type AssentClient = ReturnType<typeof createAssentClient>;
