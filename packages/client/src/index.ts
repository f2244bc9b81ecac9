export {
  createAssentClient,
  type AssentClient,
  type AssentClientOptions,
  type ConsentRecord,
  type DecideOptions,
} from './assent-client.ts';
export {
  AssentError,
  CLIENT_ERROR_CODES,
  CONTRACT_ERROR_CODES,
  isAssentError,
  type AssentErrorCode,
  type AssentIssue,
} from './assent-error.ts';
export { DECIDE_MANY_LIMIT, type Decision, type DecideRequest } from './decide-batcher.ts';
export type { LocalStatus } from './decision-store.ts';
export type {
  EventSource,
  Follower,
  SnapshotPosition,
  SourceSink,
  StreamNotice,
  StreamRecord,
} from './event-source.ts';
export type {
  ConsentChange,
  DeciderHealth,
  LocalDecider,
  LocalDecision,
  LocalDecisionReason,
  LocalDecisionsOptions,
  RemoteFallbackDecider,
} from './local-decider.ts';
export type { FetchLike, RetryOptions } from './transport.ts';
export { steadyNow } from './steady-clock.ts';
export type { ChoicesInput, ConsentInput, ConsentStatus, DecisionReason, ImportRecordInput } from './gql/graphql.ts';
