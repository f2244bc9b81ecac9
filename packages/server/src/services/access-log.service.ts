import { isAccessLogged, type LoggedRead } from '@assent/core';
import type { AccessLogRepository, NewAccessLogRow } from '../db/access-log.repository.ts';
import type { Principal } from './auth.service.ts';

/** What the API edge knows of a read's request (graphql/context.ts, readRequestOf): stored as "from where". */
export interface ReadRequest {
  requestId?: string | null;
  clientIp?: string | null;
  userAgent?: string | null;
}

/** Who read, as the access log names them. */
export interface AccessActor {
  kind: string;
  id: string;
  role: string;
  name: string | null;
}

/** The display name of the bootstrap admin token, which has no name of its own. */
export const ADMIN_TOKEN_NAME = 'Admin token (ASSENT_ADMIN_TOKEN)';
const MAX_USER_AGENT = 400;

/**
 * The actor of a read, from the caller: the one place that maps a principal to the access log's who. A principal that
 * carries a display name of its own (a staff account) is named by it; an API key by its name (looked up once); the
 * bootstrap token by {@link ADMIN_TOKEN_NAME}.
 */
export async function accessActorOf(
  principal: Principal,
  apiKeyName: (id: string) => Promise<string | null>,
): Promise<AccessActor> {
  const own =
    (principal as { name?: unknown; displayName?: unknown }).displayName ?? (principal as { name?: unknown }).name;
  const name =
    typeof own === 'string'
      ? own
      : principal.role !== 'SUBJECT' && principal.via === 'api-key'
        ? await apiKeyName(principal.id)
        : principal.role !== 'SUBJECT' && principal.via === 'bootstrap'
          ? ADMIN_TOKEN_NAME
          : null;
  return { kind: principal.kind, id: principal.id, role: principal.role, name };
}

/**
 * The access log (README, "Access log"): every read of a subject's data by staff or a SERVICE key appends an entry
 * naming the subject by its ledger chain key (never in clear). Entries of reads made at about the same time share one
 * INSERT (group commit: the first read of a batch schedules it, later ones join until it starts). A read waits for
 * its entry to be stored and fails when storing fails: no read goes unrecorded (fail closed).
 */
export function accessLog(opts: {
  repo: AccessLogRepository;
  /** The ledger's chain key of a subject (its keyed pseudonym). */
  chainKeyOf: (subjectId: string) => string;
  /** API key names by id (a key's name never changes, so each is looked up once). */
  apiKeyNames: (ids: readonly string[]) => Promise<Map<string, string>>;
  now: () => Date;
}) {
  const names = new Map<string, string | null>();
  const apiKeyName = async (id: string) => {
    if (!names.has(id)) {
      if (names.size >= 10_000) names.clear();
      names.set(id, (await opts.apiKeyNames([id])).get(id) ?? null);
    }
    return names.get(id) ?? null;
  };
  let pending: { row: NewAccessLogRow; done: (err?: unknown) => void }[] = [];
  let scheduled = false;
  let inFlight: Promise<void> = Promise.resolve();

  const flush = async () => {
    scheduled = false;
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    try {
      await opts.repo.append(batch.map((b) => b.row));
      for (const b of batch) b.done();
    } catch (err) {
      for (const b of batch) b.done(err);
    }
  };

  return {
    /**
     * Records that `principal` read `subjectId`'s data through `operation`, when its role is logged (not a SUBJECT
     * reading itself). Resolves once the entry is stored; rejects when it could not be (the read must then fail).
     */
    async recordRead(
      principal: Principal,
      subjectId: string,
      operation: LoggedRead,
      request: ReadRequest | undefined,
    ): Promise<void> {
      if (!isAccessLogged(principal.role)) return;
      const actor = await accessActorOf(principal, apiKeyName);
      const row: NewAccessLogRow = {
        at: opts.now(),
        subjectKey: opts.chainKeyOf(subjectId),
        operation,
        actorKind: actor.kind,
        actorId: actor.id,
        actorRole: actor.role,
        actorName: actor.name,
        clientIp: request?.clientIp ?? null,
        userAgent: request?.userAgent?.slice(0, MAX_USER_AGENT) ?? null,
        requestId: request?.requestId ?? null,
      };
      await new Promise<void>((resolve, reject) => {
        pending.push({ row, done: (err) => (err === undefined ? resolve() : reject(err)) });
        if (scheduled) return;
        scheduled = true;
        // After the batch in flight (one INSERT at a time), and after this tick's other reads have joined.
        inFlight = inFlight.then(() => new Promise<void>((r) => setImmediate(() => void flush().then(r))));
      });
    },

    /** Resolves once every entry asked for so far is stored (or refused). */
    async drain(): Promise<void> {
      while (pending.length > 0 || scheduled) await inFlight;
      await inFlight;
    },
  };
}

/** The access log's type. */
export type AccessLog = ReturnType<typeof accessLog>;
