import type { ConsentAction } from './gql/graphql.ts';

/** A ledger record as the stream delivers it (the fields the decider reads). */
export interface StreamRecord {
  subjectId: string;
  purposeKey: string;
  action: ConsentAction;
  occurredAt: string;
  recordedAt: string;
  noticeVersion: { version: number };
}

/** A published notice as the stream delivers it. */
export interface StreamNotice {
  version: number;
  effectiveAt: string;
  purposes: readonly { purposeKey: string; requiresReconsent: boolean }[];
}

/** Where a snapshot was taken; a follower starts after it. */
export interface SnapshotPosition {
  streamSequence: number;
  outboxSeq: number;
}

/** What a follower tells the decider. */
export interface SourceSink {
  record(r: StreamRecord): void;
  /** A subject was erased; null when the event no longer names it. */
  erased(subjectId: string | null, atMs: number): void;
  notice(n: StreamNotice): void;
  /**
   * The follower is caught up with everything committed as of `atMs` (a message or a heartbeat), on the decider's
   * steady clock (`steadyNow`, exported by the package); a time later than now counts as now.
   */
  heard(atMs: number): void;
  /** Events may have been missed (a reconnect without replay): the snapshot must be loaded again. */
  gap(reason: string): void;
  /** Something is wrong (disconnected, refused); decisions go STALE once nothing is heard for the bound. */
  trouble(reason: string): void;
}

/** One follower of the event stream feeding one store. */
export interface Follower {
  /** Starts delivering from a snapshot's position; resolves once caught up with the stream. */
  start(position: SnapshotPosition): Promise<void>;
  close(): Promise<void>;
}

/** An event stream: NATS JetStream or the consentChanged subscription. */
export interface EventSource {
  readonly kind: 'jetstream' | 'subscription';
  /** A follower that listens from now on (buffering until start), so nothing after the snapshot is lost. */
  follower(sink: SourceSink): Promise<Follower>;
  close(): Promise<void>;
}
