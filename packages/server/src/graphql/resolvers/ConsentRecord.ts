import { localizeNotice } from '@assent/core';
import type { ConsentRecordResolvers } from '../generated/resolvers-types.ts';

/** A ledger record: its notice version from the catalog, its actor as one object. */
export const ConsentRecord: ConsentRecordResolvers = {
  // In the language the subject saw it in when the record says so (1.1), else as the request asks.
  noticeVersion: (record, _args, ctx) => {
    const notice = ctx.service.noticeById(record.noticeVersionId);
    // The ledger's foreign key guarantees the notice exists; missing here means this instance's catalog is behind.
    if (!notice)
      throw new Error(
        `Record ${record.id} rests on notice ${record.noticeVersionId}, which the catalog does not hold.`,
      );
    return localizeNotice(notice, record.locale ?? ctx.acceptLanguage);
  },
  actor: (record) => ({ kind: record.actorKind, id: record.actorId }),
  locale: (record) => record.locale ?? null,
};
