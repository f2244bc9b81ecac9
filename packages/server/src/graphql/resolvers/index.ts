import { isActive, requiresConsent, type ConsentRecord, type NoticeVersion, type Purpose } from '@assent/core';
import { DateTime, JSONScalar } from '../scalars.ts';
import { principalOf, type Context } from '../context.ts';
import type { DecisionView, PurposeConsentView } from '../../services/assent.service.ts';
import { subscriptionResolvers } from './subscription.ts';
import { webhookResolvers } from './webhooks.ts';

type Args = Record<string, unknown>;
const p = principalOf;

/**
 * Thin resolvers: each passes the caller and raw arguments to one use case of the service.
 * Validation and authorization live in the service and the core.
 */
export function buildResolvers(meta: { database: string; version: string }) {
  return {
    DateTime,
    JSON: JSONScalar,
    Query: {
      health: () => ({ ok: true, ...meta }),
      purposeStats: (_: unknown, __: Args, ctx: Context) => ctx.service.purposeStats(p(ctx)),
      purposes: (_: unknown, __: Args, ctx: Context) => ctx.service.purposes(),
      currentNotice: (_: unknown, __: Args, ctx: Context) => ctx.service.currentNotice(),
      noticeVersions: (_: unknown, __: Args, ctx: Context) => ctx.service.noticeVersions(),
      me: (_: unknown, __: Args, ctx: Context) => ctx.service.me(p(ctx)),
      subject: (_: unknown, a: Args, ctx: Context) => ctx.service.subject(p(ctx), a.id),
      consentHistory: async (_: unknown, a: Args, ctx: Context) => {
        const page = await ctx.service.consentHistory(p(ctx), a as never);
        return { edges: page.edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor }, totalCount: page.totalCount };
      },
      decide: (_: unknown, a: Args, ctx: Context) => ctx.service.decide(p(ctx), a as never),
      decideMany: (_: unknown, a: Args, ctx: Context) => ctx.service.decideMany(p(ctx), a as never),
      verifyLedger: (_: unknown, a: Args, ctx: Context) => ctx.service.verifyLedger(p(ctx), a.subjectId),
      apiKeys: (_: unknown, __: Args, ctx: Context) => ctx.service.apiKeys(p(ctx)),
      ...webhookResolvers.Query,
    },
    Mutation: {
      grantConsent: (_: unknown, a: Args, ctx: Context) => ctx.service.grantConsent(a.input, p(ctx)),
      withdrawConsent: (_: unknown, a: Args, ctx: Context) => ctx.service.withdrawConsent(a.input, p(ctx)),
      definePurpose: (_: unknown, a: Args, ctx: Context) => ctx.service.definePurpose(p(ctx), a.input),
      publishNotice: (_: unknown, a: Args, ctx: Context) => ctx.service.publishNotice(p(ctx), a.input),
      createApiKey: (_: unknown, a: Args, ctx: Context) => ctx.service.createApiKey(p(ctx), a as never),
      issueSubjectToken: (_: unknown, a: Args, ctx: Context) => ctx.service.issueSubjectToken(p(ctx), a as never),
      retirePurpose: (_: unknown, a: Args, ctx: Context) => ctx.service.retirePurpose(p(ctx), a.key),
      revokeApiKey: (_: unknown, a: Args, ctx: Context) => ctx.service.revokeApiKey(p(ctx), a.id),
      ...webhookResolvers.Mutation,
    },
    Subscription: subscriptionResolvers,
    Purpose: {
      requiresConsent: (x: Purpose) => requiresConsent(x),
      active: (x: Purpose) => isActive(x),
    },
    NoticeVersion: {
      purposes: (n: NoticeVersion) => n.purposes,
    },
    ConsentRecord: {
      noticeVersion: (r: ConsentRecord, _: Args, ctx: Context) => ctx.service.noticeById(r.noticeVersionId),
      actor: (r: ConsentRecord) => ({ kind: r.actorKind, id: r.actorId }),
    },
    ConsentRecordConnection: {
      totalCount: (c: { totalCount: () => Promise<number> }) => c.totalCount(),
    },
    PurposeConsent: {
      lastRecord: (v: PurposeConsentView, _: Args, ctx: Context) => (v.recordId ? ctx.loaders.record.load(v.recordId) : null),
    },
    Decision: {
      record: (d: DecisionView, _: Args, ctx: Context) => (d.recordId ? ctx.loaders.record.load(d.recordId) : null),
    },
  };
}
