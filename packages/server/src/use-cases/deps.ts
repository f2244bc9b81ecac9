import type { AccessRepository } from '../db/access.repository.ts';
import type { CatalogRepository } from '../db/catalog.repository.ts';
import type { ConsentCountsRepository } from '../db/consent-counts.repository.ts';
import type { ConsentImportRepository } from '../db/consent-import.repository.ts';
import type { LedgerRepository } from '../db/ledger.repository.ts';
import type { SubjectDirectoryRepository } from '../db/subject-directory.repository.ts';
import type { AuthService } from '../services/auth.service.ts';
import type { CatalogCache } from '../services/catalog.service.ts';
import type { UnsubscribeLinks } from '../services/unsubscribe-link.service.ts';
import type { SigningKeys } from '../crypto/signing-keys.ts';
import type { CheckpointRepository } from '../db/checkpoint.repository.ts';
import type { BuildCheckpointTree } from '../services/checkpoint-tree.ts';
import type { WebhookRepository } from '../db/webhook.repository.ts';
import type { AccessLog } from '../services/access-log.service.ts';
import type { DecisionCounter } from '../services/decision-counter.ts';
import type { AccessLogRepository } from '../db/access-log.repository.ts';
import type { DecisionCountRepository } from '../db/decision-count.repository.ts';

/** What the use cases need from the outside; each use case takes only the part it reads. */
export interface UseCaseDeps {
  ledger: LedgerRepository;
  catalogRepo: CatalogRepository;
  /** The overview's count tables (moved by the ledger writer). */
  counts: ConsentCountsRepository;
  /** Finding subjects by the start of their id or by latest change (support staff). */
  subjects: SubjectDirectoryRepository;
  /** Which importIds importConsents has appended. */
  imports: ConsentImportRepository;
  /** The in-memory purposes and notices every decision reads. */
  catalog: CatalogCache;
  access: AccessRepository;
  auth: AuthService;
  /** Called after a ledger or catalog commit (wakes the outbox readers). */
  onCommit: () => void;
  now: () => Date;
  /** Signs receipts and checkpoints with the current Ed25519 key. */
  signing: Pick<SigningKeys, 'sign' | 'jwks'>;
  /** Signed checkpoints over the chain heads. */
  checkpoints: CheckpointRepository;
  /** Reads every chain head and builds a checkpoint's Merkle tree in a thread of its own. */
  checkpointTree: BuildCheckpointTree;
  /** Signs and checks one-click unsubscribe links. */
  unsubscribeLinks: UnsubscribeLinks;
  /** This server's public base URL (ASSENT_PUBLIC_URL, else http://localhost:<listening port>), without a trailing slash. */
  publicUrl: () => string;
  /** The data controller receipts name (ASSENT_CONTROLLER_NAME, else the public URL's host). */
  controllerName: () => string;
  /** Where followers of the event stream stand, as a snapshot reports them before its first row. */
  positions: {
    /** The last sequence of JetStream stream ASSENT (0 without NATS). */
    streamSequence(): Promise<number>;
    /** The outbox's position: its newest seq, never below what pruning has taken (0 when nothing was ever written). */
    outboxSeq(): Promise<number>;
    /** The highest outbox seq that may have been pruned: a follower from a position below it may have lost events. */
    outboxPrunedThrough(): Promise<number>;
  };
  /** Request budgets (http/rate-limiter.ts): consume throws RATE_LIMITED over budget. */
  rateLimit: RateLimit;
  /** Webhooks' stored secrets (rotation). */
  webhookRepo: Pick<WebhookRepository, 'findStoredSecrets' | 'replaceSecrets'>;
  /** How long a rotated-out webhook secret keeps signing (ASSENT_WEBHOOK_SECRET_GRACE_SECONDS; default 86400). */
  webhookSecretGraceSeconds?: number;
  /** Reads of subjects' data by staff and SERVICE keys (README, "Access log"); a read waits for its entry. */
  accessLog: AccessLog;
  /** The access log's stored entries, for accessLog and myAccessLog. */
  accessLogRepo: Pick<AccessLogRepository, 'listNewestFirst'>;
  /** decide/decideMany counted per caller key per minute, in memory (flushed to decisionCountRepo). */
  decisions: DecisionCounter;
  /** The flushed decision counts, for decisionCounts. */
  decisionCountRepo: Pick<DecisionCountRepository, 'listSince'>;
  /** Lowest reading ease publishNotice accepts without acceptReadabilityIssues (ASSENT_READABILITY_MIN; default 60). */
  readabilityMin?: number;
}

/** The budgets a use case spends itself (the others are spent at the edge). */
export type RateLimitBudget = 'visitorSessions';

/** Spends one point of a budget for a key, or throws AssentError RATE_LIMITED with details.retryAfterSeconds. */
export interface RateLimit {
  consume(budget: RateLimitBudget, key: string): Promise<void>;
}

/** What the API edge knows of the request beyond its arguments (1.1): the Accept-Language header, when sent. */
export interface RequestLocale {
  acceptLanguage?: string | null | undefined;
}

/** The roles that may read any subject's consents and decisions. */
export const READERS = ['SERVICE', 'SUPPORT', 'ADMIN'] as const;
