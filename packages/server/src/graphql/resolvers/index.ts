import type { Resolvers } from '../generated/resolvers-types.ts';
import { DateTime, JSONScalar } from '../scalars.ts';
import { apiKeys } from './Query/api-keys.ts';
import { accessLog } from './Query/access-log.ts';
import { decisionCounts } from './Query/decision-counts.ts';
import { myAccessLog } from './Query/my-access-log.ts';
import { consentHistory } from './Query/consent-history.ts';
import { consentReceipt } from './Query/consent-receipt.ts';
import { ledgerCheckpoint } from './Query/ledger-checkpoint.ts';
import { consentSnapshot } from './Query/consent-snapshot.ts';
import { currentNotice } from './Query/current-notice.ts';
import { decideMany } from './Query/decide-many.ts';
import { decide } from './Query/decide.ts';
import { gpcSignal } from './Query/gpc-signal.ts';
import { health } from './Query/health.ts';
import { me } from './Query/me.ts';
import { noticeReadability } from './Query/notice-readability.ts';
import { noticeVersions } from './Query/notice-versions.ts';
import { purposeStats } from './Query/purpose-stats.ts';
import { consentOverview } from './Query/consent-overview.ts';
import { recentlyChangedSubjects } from './Query/recently-changed-subjects.ts';
import { subjectsByPrefix } from './Query/subjects-by-prefix.ts';
import { purposes } from './Query/purposes.ts';
import { subject } from './Query/subject.ts';
import { verifyLedger } from './Query/verify-ledger.ts';
import { applyGpc } from './Mutation/apply-gpc.ts';
import { createApiKey } from './Mutation/create-api-key.ts';
import { definePurpose } from './Mutation/define-purpose.ts';
import { eraseSubject } from './Mutation/erase-subject.ts';
import { grantConsent } from './Mutation/grant-consent.ts';
import { importConsents } from './Mutation/import-consents.ts';
import { issueSubjectToken } from './Mutation/issue-subject-token.ts';
import { issueUnsubscribeLink } from './Mutation/issue-unsubscribe-link.ts';
import { linkVisitor } from './Mutation/link-visitor.ts';
import { publishNotice } from './Mutation/publish-notice.ts';
import { recordChoices } from './Mutation/record-choices.ts';
import { refuseConsent } from './Mutation/refuse-consent.ts';
import { retirePurpose } from './Mutation/retire-purpose.ts';
import { revokeApiKey } from './Mutation/revoke-api-key.ts';
import { rotateWebhookSecret } from './Mutation/rotate-webhook-secret.ts';
import { startVisitorSession } from './Mutation/start-visitor-session.ts';
import { withdrawConsent } from './Mutation/withdraw-consent.ts';
import { ConsentRecord } from './ConsentRecord.ts';
import { ConsentRecordConnection } from './ConsentRecordConnection.ts';
import { Decision } from './Decision.ts';
import { NoticeVersion } from './NoticeVersion.ts';
import { Purpose } from './Purpose.ts';
import { PurposeConsent } from './PurposeConsent.ts';
import { subscriptionResolvers } from './subscription.ts';
import { webhookResolvers } from './webhooks.ts';

/**
 * The resolver map, typed from the SDL (graphql/generated/resolvers-types.ts): one root field per file under
 * Query/ and Mutation/, each passing the caller and its arguments to one use case as (principal, input).
 * Authorization, validation and the rules live in the use cases and the core.
 */
export function buildResolvers(meta: { database: string; version: string }): Resolvers {
  return {
    DateTime,
    JSON: JSONScalar,
    Query: {
      health: health(meta),
      apiKeys,
      consentHistory,
      consentSnapshot,
      currentNotice,
      decideMany,
      decide,
      gpcSignal,
      me,
      noticeReadability,
      noticeVersions,
      purposeStats,
      consentOverview,
      subjectsByPrefix,
      recentlyChangedSubjects,
      purposes,
      subject,
      verifyLedger,
      consentReceipt,
      ledgerCheckpoint,
      accessLog,
      myAccessLog,
      decisionCounts,
      ...webhookResolvers.Query,
    },
    Mutation: {
      applyGpc,
      createApiKey,
      definePurpose,
      grantConsent,
      importConsents,
      issueSubjectToken,
      issueUnsubscribeLink,
      linkVisitor,
      publishNotice,
      recordChoices,
      refuseConsent,
      retirePurpose,
      revokeApiKey,
      rotateWebhookSecret,
      startVisitorSession,
      withdrawConsent,
      eraseSubject,
      ...webhookResolvers.Mutation,
    },
    Subscription: subscriptionResolvers,
    Purpose,
    NoticeVersion,
    ConsentRecord,
    ConsentRecordConnection,
    PurposeConsent,
    Decision,
  };
}
