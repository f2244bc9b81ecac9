// The backing type of each GraphQL object type whose resolvers receive something other than the SDL's shape
// (codegen.ts maps them). Types not named here are returned exactly as the SDL describes them.
export type {
  ConsentRecord as ConsentRecordMapper,
  LocalizedNotice as NoticeVersionMapper,
  Purpose as PurposeMapper,
} from '@assent/core';
export type {
  ConsentHistoryView as ConsentRecordConnectionMapper,
  DecisionView as DecisionMapper,
  PurposeConsentView as PurposeConsentMapper,
  SubjectConsentsView as SubjectConsentsMapper,
} from '../use-cases/views.ts';
export type { ConsentSnapshotRowView as ConsentSnapshotRowMapper } from '../use-cases/consent-snapshot.ts';
export type {
  AccessLogEntryView as AccessLogEntryMapper,
  MyAccessLogEntryView as MyAccessLogEntryMapper,
} from '../use-cases/access-log-reads.ts';
