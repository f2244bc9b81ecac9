import type { WriteActor } from '@assent/core';
import type { Principal } from '../services/auth.service.ts';

/** The core's view of who writes: a SUBJECT token speaks for its one subject, the others for whoever they name. */
export function writeActorOf(p: Principal): WriteActor {
  return p.role === 'SUBJECT'
    ? { role: p.role, kind: p.kind, id: p.id, subjectId: p.subjectId }
    : { role: p.role, kind: p.kind, id: p.id };
}
