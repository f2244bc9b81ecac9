import { randomUUID } from 'node:crypto';
import {
  AssentError, consentKey, decide as decideRule, deriveStatus, isActive, noticeContentHash, parseInput, planConsentWrite, requiresConsent,
  ZApiKeyName, ZConsentInput, ZDateTime, ZDecideManyRequests, ZHistoryFirst, ZPublishNoticeInput, ZPurposeInput, ZPurposeKey, ZSubjectId, ZTtlSeconds,
  type ConsentAction, type ConsentRecord, type ConsentStatus, type DecisionReason, type LegalBasis, type NoticeVersion, type Purpose, type Role, type StateRecord,
} from '@assent/core';
import { z } from 'zod';
import type { AccessRepository, ApiKeyInfo } from '../db/access.repository.ts';
import type { CatalogRepository } from '../db/catalog.repository.ts';
import { decodeCursor, type LedgerRepository, type SubjectState } from '../db/ledger.repository.ts';
import { consentEvent } from '../db/outbox.ts';
import { requireRole, requireSubjectAccess, type AuthService, type Principal } from './auth.service.ts';
import type { CatalogCache } from './catalog.service.ts';
import type { WebhookService } from './webhook.service.ts';

/** A decision as the API returns it. */
export interface DecisionView {
  subjectId: string; purposeKey: string; allowed: boolean; legalBasis: LegalBasis; reason: DecisionReason; recordId: string | null; at: Date;
}
/** One purpose's consent state for a subject. */
export interface PurposeConsentView { purpose: Purpose; status: ConsentStatus; recordId: string | null; needsPrompt: boolean }
/** A subject's consents under the current notice. */
export interface SubjectConsentsView { subjectId: string; currentNotice: NoticeVersion; purposes: PurposeConsentView[]; needsPrompt: boolean }

const READERS = ['SERVICE', 'SUPPORT', 'ADMIN'] as const;

/** The use cases of the API: authorize → validate (core) → repository. Resolvers call only these. */
export function assentService(deps: {
  ledger: LedgerRepository; catalogRepo: CatalogRepository; catalog: CatalogCache; access: AccessRepository; auth: AuthService;
  /** Called after a ledger or catalog commit (wakes the outbox readers). */
  onCommit: () => void;
  /** The webhook use cases (ADMIN). */
  webhooks: WebhookService;
  now?: () => Date;
}) {
  const { ledger, catalog, catalogRepo, access, auth } = deps;
  const now = deps.now ?? (() => new Date());

  const purposeOrThrow = (key: string): Purpose => {
    const p = catalog.get().purposeByKey.get(parseInput(ZPurposeKey, key));
    if (!p) throw new AssentError('NOT_FOUND', `No purpose with key '${key}'.`);
    return p;
  };
  const currentNoticeOrThrow = (at = now()): NoticeVersion => {
    const n = catalog.noticeAt(at);
    if (!n) throw new AssentError('NOT_FOUND', 'No notice has been published yet.');
    return n;
  };
  const parseAt = (at: unknown): Date | undefined => (at == null ? undefined : parseInput(ZDateTime, at));

  /** The decision rule applied to one (purpose, record) pair at an instant. */
  const decideOne = (subjectId: string, purpose: Purpose, record: (StateRecord | null), at: Date): DecisionView => {
    const d = decideRule({ purpose, record, notices: catalog.get().notices, at });
    return { subjectId, purposeKey: purpose.key, allowed: d.allowed, legalBasis: purpose.legalBasis, reason: d.reason, recordId: record?.recordId ?? null, at };
  };
  const asState = (r: ConsentRecord | null): StateRecord | null =>
    r && { recordId: r.id, action: r.action, noticeVersion: r.noticeVersion, occurredAt: r.occurredAt, recordedAt: r.recordedAt };

  async function record(action: ConsentAction, rawInput: unknown, principal: Principal | null): Promise<ConsentRecord> {
    const p = requireRole(principal, ['SUBJECT', 'SERVICE', 'SUPPORT', 'ADMIN']);
    const input = parseInput(ZConsentInput, rawInput);
    const t = now();
    const plan = planConsentWrite({ input, actor: p.role === 'SUBJECT' ? { role: 'SUBJECT', kind: 'SUBJECT', id: p.id, subjectId: p.subjectId } : { role: p.role, kind: p.kind, id: p.id }, now: t });
    const purpose = purposeOrThrow(input.purposeKey);
    if (!requiresConsent(purpose)) {
      throw new AssentError('CONSENT_NOT_APPLICABLE', `'${purpose.key}' rests on ${purpose.legalBasis}, not consent: there is nothing to grant or withdraw.`);
    }
    if (action === 'GRANT' && !isActive(purpose, t)) throw new AssentError('BAD_USER_INPUT', `'${purpose.key}' is retired and can no longer be granted.`);
    const notice = input.noticeVersionId ? catalog.get().noticeById.get(input.noticeVersionId) : currentNoticeOrThrow(t);
    if (!notice) throw new AssentError('NOT_FOUND', `No notice version with id '${input.noticeVersionId}'.`);
    if (!notice.purposes.some((np) => np.purposeKey === purpose.key)) {
      throw new AssentError('BAD_USER_INPUT', `Notice version ${notice.version} does not describe '${purpose.key}', so consent cannot rest on it.`);
    }
    const stored = await ledger.append(
      {
        id: randomUUID(), subjectId: plan.subjectId, purposeKey: purpose.key, action, noticeVersionId: notice.id, noticeVersion: notice.version,
        channel: input.channel, method: input.method, actorKind: plan.actorKind, actorId: plan.actorId, evidence: plan.evidence,
        occurredAt: plan.occurredAt, recordedAt: t,
      },
      (r) => consentEvent(r, purpose),
    );
    deps.onCommit();
    return stored;
  }

  async function subjectConsents(subjectId: string): Promise<SubjectConsentsView> {
    const at = now();
    const currentNotice = currentNoticeOrThrow(at);
    const states = new Map((await ledger.listStates(subjectId)).map((s) => [s.purposeKey, s] as const));
    const lastSeen = states.size ? Math.max(...[...states.values()].map((s) => s.noticeVersion)) : null;
    const { notices, purposes } = catalog.get();
    const views = purposes
      .filter((p) => isActive(p, at))
      .map((purpose) => {
        const state = states.get(purpose.key) ?? null;
        const d = deriveStatus({ purpose, record: state, notices, at, lastSeenNoticeVersion: lastSeen });
        return { purpose, status: d.status, recordId: state?.recordId ?? null, needsPrompt: d.needsPrompt };
      });
    return { subjectId, currentNotice, purposes: views, needsPrompt: views.some((v) => v.needsPrompt) };
  }

  return {
    now,
    /** Webhook registration, deliveries and replay (webhook.service.ts). */
    webhooks: deps.webhooks,
    purposes: () => catalog.get().purposes,
    noticeVersions: () => catalog.get().notices,
    currentNotice: () => currentNoticeOrThrow(),
    noticeById: (id: string) => catalog.get().noticeById.get(id),
    purposeByKey: (key: string) => catalog.get().purposeByKey.get(key),
    recordsByIds: (ids: readonly string[]) => ledger.findByIds(ids),

    grantConsent: (input: unknown, p: Principal | null) => record('GRANT', input, p),
    withdrawConsent: (input: unknown, p: Principal | null) => record('WITHDRAW', input, p),

    /** The caller's own consents (SUBJECT tokens only). */
    async me(p: Principal | null): Promise<SubjectConsentsView> {
      const s = requireRole(p, ['SUBJECT']);
      return subjectConsents(s.id);
    },

    /** Any subject's consents (SERVICE, SUPPORT, ADMIN). */
    async subject(p: Principal | null, id: unknown): Promise<SubjectConsentsView> {
      requireRole(p, READERS);
      return subjectConsents(parseInput(ZSubjectId, id));
    },

    /** One decision: a projection lookup now, or the ledger as of `at`. */
    async decide(p: Principal | null, args: { subjectId: unknown; purposeKey: unknown; at?: unknown }): Promise<DecisionView> {
      const caller = requireRole(p, ['SUBJECT', ...READERS]);
      const subjectId = parseInput(ZSubjectId, args.subjectId);
      requireSubjectAccess(caller, subjectId);
      const purpose = purposeOrThrow(args.purposeKey as string);
      const at = parseAt(args.at);
      if (!at) return decideOne(subjectId, purpose, await ledger.findState(subjectId, purpose.key), now());
      return decideOne(subjectId, purpose, asState(await ledger.findEffectiveAt(subjectId, purpose.key, at)), at);
    },

    /** Up to 1000 decisions in the order asked, with one query. */
    async decideMany(p: Principal | null, args: { requests: unknown; at?: unknown }): Promise<DecisionView[]> {
      requireRole(p, READERS);
      const requests = parseInput(ZDecideManyRequests, args.requests);
      const purposes = requests.map((r) => purposeOrThrow(r.purposeKey));
      const at = parseAt(args.at);
      const t = at ?? now();
      let states: (StateRecord | null)[];
      if (!at) states = await ledger.findStates(requests);
      else {
        const effective = new Map<string, StateRecord>();
        for (const s of await ledger.findEffectiveAtMany(requests, at)) effective.set(consentKey(s.subjectId, s.purposeKey), s);
        states = requests.map((r) => effective.get(consentKey(r.subjectId, r.purposeKey)) ?? null);
      }
      return requests.map((r, i) => decideOne(r.subjectId, purposes[i]!, states[i] ?? null, t));
    },

    /** A subject's ledger, newest first. */
    async consentHistory(p: Principal | null, args: { subjectId: unknown; purposeKey?: unknown; first?: unknown; after?: unknown }) {
      const caller = requireRole(p, ['SUBJECT', ...READERS]);
      const subjectId = parseInput(ZSubjectId, args.subjectId);
      requireSubjectAccess(caller, subjectId);
      const first = parseInput(ZHistoryFirst, args.first ?? 50);
      const purposeKey = args.purposeKey == null ? null : parseInput(ZPurposeKey, args.purposeKey);
      let after;
      if (args.after != null) {
        after = decodeCursor(String(args.after));
        if (!after) throw new AssentError('BAD_USER_INPUT', 'after: not a cursor returned by consentHistory.');
      }
      return ledger.listHistory({ subjectId, purposeKey, first, after });
    },

    /** Per consent purpose, how many subjects are in each state now (ADMIN, SUPPORT). */
    async purposeStats(p: Principal | null) {
      requireRole(p, ['ADMIN', 'SUPPORT']);
      const at = now();
      const [groups, subjects] = await Promise.all([ledger.stateCounts(), ledger.subjectCount()]);
      const { purposes, notices } = catalog.get();
      const rows = purposes
        .filter((purpose) => isActive(purpose, at) && requiresConsent(purpose))
        .map((purpose) => {
          const stats = { purpose, granted: 0, withdrawn: 0, notGiven: subjects, reconsentRequired: 0, awaitingReconsent: 0 };
          for (const g of groups) {
            if (g.purposeKey !== purpose.key) continue;
            stats.notGiven -= g.count;
            // Whether a grant still counts depends only on its notice version: one rule application per group.
            const d = deriveStatus({ purpose, record: { recordId: '', action: g.action, noticeVersion: g.noticeVersion, occurredAt: at, recordedAt: at }, notices, at });
            if (d.status === 'WITHDRAWN') stats.withdrawn += g.count;
            else if (d.status === 'RECONSENT_REQUIRED') stats.reconsentRequired += g.count;
            else if (d.status === 'GRANTED') {
              stats.granted += g.count;
              if (d.needsPrompt) stats.awaitingReconsent += g.count;
            }
          }
          return stats;
        });
      return { subjects, purposes: rows, computedAt: at };
    },

    /** Recomputes hash chains (ADMIN, SUPPORT). */
    async verifyLedger(p: Principal | null, subjectId: unknown) {
      requireRole(p, ['ADMIN', 'SUPPORT']);
      return ledger.verify(subjectId == null ? null : parseInput(ZSubjectId, subjectId));
    },

    /** Defines a purpose (ADMIN). */
    async definePurpose(p: Principal | null, rawInput: unknown): Promise<Purpose> {
      requireRole(p, ['ADMIN']);
      const input = parseInput(ZPurposeInput, rawInput);
      const created = await catalogRepo.createPurpose(input, now());
      await catalog.refresh();
      return created;
    },

    /** Retires a purpose (ADMIN). */
    async retirePurpose(p: Principal | null, key: unknown): Promise<Purpose> {
      requireRole(p, ['ADMIN']);
      const retired = await catalogRepo.retirePurpose(parseInput(ZPurposeKey, key), now());
      await catalog.refresh();
      return retired;
    },

    /** Publishes notice version N+1 (ADMIN). */
    async publishNotice(p: Principal | null, rawInput: unknown): Promise<NoticeVersion> {
      requireRole(p, ['ADMIN']);
      const input = parseInput(ZPublishNoticeInput, rawInput);
      const t = now();
      await catalog.refresh();
      const { purposes, purposeByKey } = catalog.get();
      for (const np of input.purposes) {
        const purpose = purposeByKey.get(np.purposeKey);
        if (!purpose) throw new AssentError('NOT_FOUND', `No purpose with key '${np.purposeKey}'.`);
        if (!isActive(purpose, t)) throw new AssentError('BAD_USER_INPUT', `purposes: '${np.purposeKey}' is retired and cannot appear in a new notice.`);
      }
      const listed = new Set(input.purposes.map((np) => np.purposeKey));
      const missing = purposes.filter((pp) => isActive(pp, t) && !listed.has(pp.key)).map((pp) => pp.key);
      if (missing.length) throw new AssentError('BAD_USER_INPUT', `purposes: every active purpose must appear; missing ${missing.join(', ')}.`);
      const effectiveAt = input.effectiveAt ?? t;
      if (effectiveAt.getTime() < t.getTime() - 60_000) {
        throw new AssentError('BAD_USER_INPUT', 'effectiveAt: cannot be in the past; a notice cannot change what earlier decisions meant.');
      }
      const notice = await catalogRepo.appendNotice({
        summary: input.summary, effectiveAt, publishedAt: t, purposes: input.purposes,
        contentHash: (version) => noticeContentHash({ version, summary: input.summary, effectiveAt, purposes: input.purposes }),
      });
      await catalog.refresh();
      deps.onCommit();
      return notice;
    },

    /** Creates an API key; the secret is returned once (ADMIN). */
    async createApiKey(p: Principal | null, args: { role: unknown; name: unknown }) {
      requireRole(p, ['ADMIN']);
      const role = parseInput(z.enum(['ADMIN', 'SERVICE', 'SUPPORT'], { error: 'must be ADMIN, SERVICE or SUPPORT (subjects get subject tokens)' }), args.role) as Role;
      const name = parseInput(ZApiKeyName, args.name);
      const { secret, secretHash } = auth.newApiKeySecret();
      const key = await access.createApiKey({ id: randomUUID(), role, name, secretHash, createdAt: now() });
      return { id: key.id, role: key.role, name: key.name, secret };
    },

    /** Revokes an API key at once (ADMIN). */
    async revokeApiKey(p: Principal | null, id: unknown): Promise<ApiKeyInfo> {
      requireRole(p, ['ADMIN']);
      const revoked = await access.revokeApiKey(parseInput(z.string().min(1).max(100), id), now());
      auth.forgetApiKey(revoked.id);
      return revoked;
    },

    /** Lists API keys without secrets (ADMIN). */
    async apiKeys(p: Principal | null): Promise<ApiKeyInfo[]> {
      requireRole(p, ['ADMIN']);
      return access.listApiKeys();
    },

    /** Mints a subject token for the privacy center (SERVICE, ADMIN). */
    async issueSubjectToken(p: Principal | null, args: { subjectId: unknown; ttlSeconds?: unknown }) {
      requireRole(p, ['SERVICE', 'ADMIN']);
      return auth.issueSubjectToken(parseInput(ZSubjectId, args.subjectId), parseInput(ZTtlSeconds, args.ttlSeconds ?? 900));
    },
  };
}

/** The service's type. */
export type AssentService = ReturnType<typeof assentService>;
export type { SubjectState };
