import type { ConsentRecord, NoticeVersion, Purpose } from '@assent/core';
import { listNoticeVersions, listPurposes } from './catalog-reads.ts';
import type { Principal } from '../services/auth.service.ts';
import type { WebhookService } from '../services/webhook.service.ts';
import { issueUnsubscribeLink, type IssueUnsubscribeLinkInput } from './issue-unsubscribe-link.ts';
import { unsubscribeByLink, unsubscribeLinkState } from './unsubscribe-by-link.ts';
import {
  importConsents,
  importRowsRefusal,
  type ImportConsentsInput,
  type ImportConsentsOptions,
} from './import-consents.ts';
import {
  consentSnapshot,
  consentSnapshotText,
  openConsentStream,
  type ConsentSnapshotInput,
  type ConsentStreamInput,
} from './consent-snapshot.ts';
import type { SnapshotRowField } from '../db/snapshot-text.ts';
import { consentHistory, type ConsentHistoryInput } from './consent-history.ts';
import { consentOverview, type ConsentOverviewInput } from './consent-overview.ts';
import { consentReceipt } from './consent-receipt.ts';
import { ledgerCheckpoint } from './ledger-checkpoint.ts';
import { accessLogPage, decisionCounts, myAccessLog, type AccessLogPageInput } from './access-log-reads.ts';
import type { ReadRequest } from '../services/access-log.service.ts';
import { makeCheckpoint } from './make-checkpoint.ts';
import { createApiKey, type CreateApiKeyInput } from './create-api-key.ts';
import { currentNotice } from './current-notice.ts';
import { recentlyChangedSubjects, subjectsByPrefix, type SubjectListInput } from './find-subjects.ts';
import { decide, type DecideInput } from './decide.ts';
import { decideMany, type DecideManyInput } from './decide-many.ts';
import { definePurpose, type DefinePurposeInput } from './define-purpose.ts';
import { eraseSubject, type EraseSubjectInput } from './erase-subject.ts';
import type { RequestLocale, UseCaseDeps } from './deps.ts';
import { applyGpc } from './apply-gpc.ts';
import { grantConsent } from './grant-consent.ts';
import { issueSubjectToken, type IssueSubjectTokenInput } from './issue-subject-token.ts';
import { linkVisitor, type LinkVisitorInput } from './link-visitor.ts';
import { listApiKeys } from './list-api-keys.ts';
import { myConsents } from './my-consents.ts';
import { noticeReadability } from './notice-readability.ts';
import { publishNotice, type PublishNoticeInput } from './publish-notice.ts';
import { purposeStats } from './purpose-stats.ts';
import { recordChoices, type RecordChoicesInput } from './record-choices.ts';
import type { ConsentWriteInput } from './record-consent.ts';
import { refuseConsent } from './refuse-consent.ts';
import { retirePurpose } from './retire-purpose.ts';
import { revokeApiKey } from './revoke-api-key.ts';
import { rotateWebhookSecret } from './rotate-webhook-secret.ts';
import { startVisitorSession, type StartVisitorSessionInput } from './start-visitor-session.ts';
import { subjectConsents } from './subject-consents.ts';
import { verifyLedger } from './verify-ledger.ts';
import { withdrawConsent } from './withdraw-consent.ts';

type P = Principal | null;

/** What buildUseCases is given: the dependencies (now defaults to the clock) and the webhook use cases. */
export interface UseCaseWiring extends Omit<UseCaseDeps, 'now'> {
  now?: () => Date;
  /** Webhook registration, deliveries and replay (ADMIN), built with the dispatcher. */
  webhooks: WebhookService;
}

/**
 * The API's use cases bound to their dependencies, each called as (principal, input): authorize → validate (core) →
 * load → core decides → persist. Resolvers, the CLI, seeding and the bench call only these.
 */
export function buildUseCases(deps: UseCaseWiring) {
  const d: UseCaseDeps = { ...deps, now: deps.now ?? (() => new Date()) };
  const { catalog, ledger } = d;
  return {
    webhooks: deps.webhooks,

    grantConsent: (p: P, input: ConsentWriteInput, request?: RequestLocale) => grantConsent(d, p, input, request),
    withdrawConsent: (p: P, input: ConsentWriteInput, request?: RequestLocale) => withdrawConsent(d, p, input, request),
    refuseConsent: (p: P, input: ConsentWriteInput, request?: RequestLocale) => refuseConsent(d, p, input, request),
    recordChoices: (p: P, input: RecordChoicesInput, request?: RequestLocale) => recordChoices(d, p, input, request),
    applyGpc: (p: P, input: { signal: string }) => applyGpc(d, p, input),
    linkVisitor: (p: P, input: LinkVisitorInput) => linkVisitor(d, p, input),
    // Public: no principal; the client's address is the rate limit's key.
    startVisitorSession: (input: StartVisitorSessionInput) => startVisitorSession(d, input),
    decide: (p: P, input: DecideInput) => decide(d, p, input),
    decideMany: (p: P, input: DecideManyInput) => decideMany(d, p, input),
    me: (p: P, input?: { locale?: string | null }) => myConsents(d, p, input),
    subject: (p: P, input: { id: string; locale?: string | null }, request?: ReadRequest) =>
      subjectConsents(d, p, input, request),
    consentHistory: (p: P, input: ConsentHistoryInput, request?: ReadRequest) => consentHistory(d, p, input, request),
    consentSnapshot: (p: P, input: ConsentSnapshotInput) => consentSnapshot(d, p, input),
    openConsentStream: (p: P, input: ConsentStreamInput) => openConsentStream(d, p, input),
    consentSnapshotText: (
      p: P,
      input: ConsentSnapshotInput,
      fields: readonly { key: string; field: SnapshotRowField }[],
    ) => consentSnapshotText(d, p, input, fields),
    consentReceipt: (p: P, input: { recordId: string }, request?: ReadRequest) => consentReceipt(d, p, input, request),
    // The access log (README, "Access log").
    accessLog: (p: P, input: AccessLogPageInput & { subjectId?: string | null }) => accessLogPage(d, p, input),
    myAccessLog: (p: P, input: AccessLogPageInput) => myAccessLog(d, p, input),
    decisionCounts: (p: P, input: { since: Date }) => decisionCounts(d, p, input),
    // Public: a checkpoint names no subject.
    ledgerCheckpoint: () => ledgerCheckpoint(d),
    // The server's own (scheduler, CLI): no caller.
    makeCheckpoint: (opts?: { onlyIfChanged?: boolean }) => makeCheckpoint(d, opts),
    purposeStats: (p: P) => purposeStats(d, p),
    consentOverview: (p: P, input: ConsentOverviewInput) => consentOverview(d, p, input),
    subjectsByPrefix: (p: P, input: SubjectListInput & { prefix: string }) => subjectsByPrefix(d, p, input),
    recentlyChangedSubjects: (p: P, input: SubjectListInput) => recentlyChangedSubjects(d, p, input),
    verifyLedger: (p: P, input: { subjectId?: string | null }) => verifyLedger(d, p, input),
    definePurpose: (p: P, input: DefinePurposeInput) => definePurpose(d, p, input),
    retirePurpose: (p: P, input: { key: string }) => retirePurpose(d, p, input),
    publishNotice: (p: P, input: PublishNoticeInput) => publishNotice(d, p, input),
    noticeReadability: (p: P, input: PublishNoticeInput) => noticeReadability(d, p, input),
    createApiKey: (p: P, input: CreateApiKeyInput) => createApiKey(d, p, input),
    revokeApiKey: (p: P, input: { id: string }) => revokeApiKey(d, p, input),
    rotateWebhookSecret: (p: P, input: { id: string }) => rotateWebhookSecret(d, p, input),
    apiKeys: (p: P) => listApiKeys(d, p),
    issueSubjectToken: (p: P, input: IssueSubjectTokenInput) => issueSubjectToken(d, p, input),
    importConsents: (p: P, input: ImportConsentsInput, opts?: ImportConsentsOptions) =>
      importConsents(d, p, input, opts),
    importRowsRefusal: (p: P, records: unknown) => importRowsRefusal(d, p, records),
    issueUnsubscribeLink: (p: P, input: IssueUnsubscribeLinkInput) => issueUnsubscribeLink(d, p, input),
    eraseSubject: (p: P, input: EraseSubjectInput) => eraseSubject(d, p, input),

    // One-click unsubscribe (http/unsubscribe.ts): the signed link is the authority, no token.
    unsubscribeLinkState: (input: { token: string }) => unsubscribeLinkState(d, input),
    unsubscribeByLink: (input: { token: string }) => unsubscribeByLink(d, input),

    // Public reads of the catalog (no token needed), in the locale asked (1.1), and lookups for field resolvers.
    purposes: (input?: { locale?: string | null }) => listPurposes(d, input),
    noticeVersions: (input?: { locale?: string | null }) => listNoticeVersions(d, input),
    currentNotice: (input?: { locale?: string | null }) => currentNotice(d, input),
    noticeById: (id: string): NoticeVersion | undefined => catalog.get().noticeById.get(id),
    purposeByKey: (key: string): Purpose | undefined => catalog.get().purposeByKey.get(key),
    recordsByIds: (ids: readonly string[]): Promise<ConsentRecord[]> => ledger.findByIds(ids),
  };
}

/** The use cases as the API edge, the CLI, seeding and the bench see them. */
export type UseCases = ReturnType<typeof buildUseCases>;
