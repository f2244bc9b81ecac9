import type { ConsentRecordResolvers } from '../generated/resolvers-types.ts';

/** A ledger record: its notice version from the catalog, its actor as one object. */
export const ConsentRecord: ConsentRecordResolvers = {
  noticeVersion: (record, _args, ctx) => {
    const notice = ctx.service.noticeById(record.noticeVersionId);
    // The ledger's foreign key guarantees the notice exists; missing here means this instance's catalog is behind.
    if (!notice) throw new Error(`Record ${record.id} rests on notice ${record.noticeVersionId}, which the catalog does not hold.`);
    return notice;
  },
  actor: (record) => ({ kind: record.actorKind, id: record.actorId }),
};
