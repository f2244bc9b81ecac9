import { HASH_FORMAT_CLEAR, reprotectChain, verifyStoredChain, type StoredRecord } from '@assent/core';
import type { SubjectProtection } from '../crypto/subject-protection.ts';
import type { Database } from './client.ts';

/** What a re-protection run did. */
export interface ReprotectReport {
  subjects: number;
  records: number;
  /** Subjects left in format 1 because their chain did not verify (verifyLedger names them), or they have a format-2 chain already. */
  skipped: string[];
}

/**
 * Re-protects, in place, every record written before crypto-shredding (#16; README, "Erasure"; the migration
 * 20261207000000_crypto_shredding says what it allows). Per subject, in one transaction: the whole chain must verify in
 * format 1 first (nothing broken is blessed); then the subject gets a data key, and each row its pseudonym, its
 * identifier, subject actor id and evidence sealed, its original hash kept in legacyHash, and a format-2 hash chained
 * over the protected rows. The only UPDATE the append-only trigger lets through is exactly this one, once per row.
 * Runs at start before the ledger writer opens; a database without format-1 rows costs one indexed count.
 */
export async function reprotectLegacyRecords(
  db: Database,
  protection: SubjectProtection,
  batchSubjects = 200,
): Promise<ReprotectReport> {
  const prisma = db.prisma;
  const report: ReprotectReport = { subjects: 0, records: 0, skipped: [] };
  const skipped = new Set<string>();
  for (;;) {
    const subjects = (
      await prisma.consentRecord.findMany({
        where: { hashVersion: HASH_FORMAT_CLEAR, seq: 0, subjectId: { notIn: [...skipped] } },
        select: { subjectId: true },
        take: batchSubjects,
      })
    ).map((r) => r.subjectId);
    if (subjects.length === 0) break;
    await prisma.$transaction(
      async (tx) => {
        for (const subjectId of subjects) {
          const rows = (await tx.consentRecord.findMany({
            where: { subjectId },
            orderBy: { seq: 'asc' },
          })) as StoredRecord[];
          const pseudonym = protection.pseudonym(subjectId);
          const alreadyProtected = (await tx.consentRecord.count({ where: { subjectId: pseudonym } })) > 0;
          if (alreadyProtected || !verifyStoredChain(rows).ok) {
            skipped.add(subjectId);
            continue;
          }
          const fresh = protection.newDataKey(pseudonym);
          await tx.subjectKey.create({ data: { pseudonym, dataKey: fresh.sealed, createdAt: rows[0]!.recordedAt } });
          const next = reprotectChain(rows, (r) => {
            const subjectActor = r.actorKind === 'SUBJECT';
            return {
              subjectId: pseudonym,
              actorId: subjectActor ? null : r.actorId,
              sealed: protection.seal(fresh.key, r.id, {
                subjectId,
                actorId: subjectActor ? r.actorId : null,
                evidence: r.evidence == null ? null : (JSON.parse(r.evidence) as unknown),
              }),
            };
          });
          for (const r of next)
            await tx.consentRecord.update({
              where: { id: r.id },
              data: {
                subjectId: r.subjectId,
                actorId: r.actorId,
                evidence: null,
                sealed: r.sealed,
                hashVersion: r.hashVersion,
                legacyHash: r.legacyHash,
                hash: r.hash,
                previousHash: r.previousHash,
              },
            });
          report.subjects += 1;
          report.records += next.length;
        }
      },
      { timeout: 600_000 },
    );
  }
  report.skipped = [...skipped];
  return report;
}
