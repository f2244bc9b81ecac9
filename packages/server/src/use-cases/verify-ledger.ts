import { compactVerify, createLocalJWKSet } from 'jose';
import {
  checkHeadAgainstCheckpoint,
  checkpointStatement,
  compareHeads,
  parseInput,
  ZSubjectId,
  type ChainHead,
} from '@assent/core';
import type { StoredCheckpoint } from '../db/checkpoint.repository.ts';
import { requireRole, type Principal } from '../services/auth.service.ts';
import type { UseCaseDeps } from './deps.ts';

/** What verifyLedger answers (contract LedgerVerification, with the subject a checkpoint check names). */
export interface LedgerVerificationView {
  ok: boolean;
  recordsChecked: number;
  firstBrokenRecordId: string | null;
  checkpoint: StoredCheckpoint | null;
  checkpointOk: boolean | null;
  /** The first subject whose chain no longer holds the head the checkpoint recorded (records cut off or rewritten). */
  checkpointBrokenSubjectId: string | null;
  /** Why the checkpoint check failed, in words; null when it held. */
  checkpointProblem: string | null;
}

type Deps = Pick<UseCaseDeps, 'ledger' | 'checkpoints' | 'signing'>;

/**
 * Recomputes the hash chains (one subject's, or every one when subjectId is omitted; ADMIN, SUPPORT) and checks them
 * against the newest checkpoint: its signature, its root over the heads it recorded, and that every chain still holds
 * the head recorded for it. A chain cut short or rehashed after the checkpoint fails, naming the subject.
 */
export async function verifyLedger(
  deps: Deps,
  principal: Principal | null,
  input: { subjectId?: string | null },
): Promise<LedgerVerificationView> {
  requireRole(principal, ['ADMIN', 'SUPPORT']);
  const subjectId = input.subjectId == null ? null : parseInput(ZSubjectId, input.subjectId, 'subjectId');
  const chains = await deps.ledger.verify(subjectId);
  const checkpoint = await deps.checkpoints.newest();
  if (!checkpoint)
    return {
      ...chains,
      checkpoint: null,
      checkpointOk: null,
      checkpointBrokenSubjectId: null,
      checkpointProblem: null,
    };
  const check = await checkAgainst(deps, checkpoint, subjectId);
  return {
    ...chains,
    ok: chains.ok && check.problem === null,
    checkpoint,
    checkpointOk: check.problem === null,
    checkpointBrokenSubjectId: check.subjectId,
    checkpointProblem: check.problem,
  };
}

async function checkAgainst(
  deps: Deps,
  cp: StoredCheckpoint,
  subjectId: string | null,
): Promise<{ problem: string | null; subjectId: string | null }> {
  const signed = await signedStatement(deps, cp);
  if (!signed) return { problem: `checkpoint ${cp.id} is not signed by a key of this server's JWKS`, subjectId: null };
  if (signed.root !== cp.root || signed.records !== cp.records || signed.subjects !== cp.subjects)
    return { problem: `checkpoint ${cp.id} differs from what was signed`, subjectId: null };

  let heads: ChainHead[];
  if (subjectId === null) {
    heads = (await deps.checkpoints.listHeadsAt(cp.seq)).sort(compareHeads);
    const recomputed = checkpointStatement(cp.id, cp.at, heads);
    if (recomputed.root !== cp.root)
      return { problem: `the chain heads stored for checkpoint ${cp.id} do not give its signed root`, subjectId: null };
  } else {
    const head = await deps.checkpoints.findHeadAt(cp.seq, deps.ledger.chainKeyOf(subjectId));
    heads = head ? [head] : [];
  }
  for (let i = 0; i < heads.length; i += 5000) {
    const batch = heads.slice(i, i + 5000);
    const now = await deps.ledger.findHashesAt(batch);
    for (const h of batch) {
      // Heads name chains by their key (a pseudonym); a check of one subject names it as it was asked.
      const named = async () => subjectId ?? (await deps.ledger.subjectOfChain(h.subjectId));
      const outcome = checkHeadAgainstCheckpoint(h, now.get(`${h.subjectId}\u0000${h.seq}`));
      if (outcome === 'truncated') {
        const name = await named();
        return {
          problem: `subject '${name}' had ${h.seq + 1} records at checkpoint ${cp.id}; record ${h.seq} is gone (records cut off)`,
          subjectId: name,
        };
      }
      if (outcome === 'rewritten') {
        const name = await named();
        return {
          problem: `subject '${name}': record ${h.seq} no longer has the hash checkpoint ${cp.id} recorded (history rewritten)`,
          subjectId: name,
        };
      }
    }
  }
  return { problem: null, subjectId: null };
}

/** The statement a checkpoint's JWS signs, when one of our keys signed it; null otherwise. */
async function signedStatement(deps: Deps, cp: StoredCheckpoint) {
  try {
    const { payload } = await compactVerify(cp.jws, createLocalJWKSet(await deps.signing.jwks()), {
      algorithms: ['EdDSA'],
    });
    return JSON.parse(new TextDecoder().decode(payload)) as { root: string; records: number; subjects: number };
  } catch {
    return null;
  }
}
