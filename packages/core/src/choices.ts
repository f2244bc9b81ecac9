import { z } from 'zod';
import { planConsentWrite, type WriteActor } from './consent-write';
import { AssentError } from './errors';
import { noticeInForce } from './notice';
import { isActive, requiresConsent } from './purposes';
import { parseInput, ZChoicesInput, type TChoicesInput } from './schemas';
import type { ActorKind, Channel, DecisionAction, NoticeVersion, Purpose } from './types';

/** One record a recordChoices call appends; the server adds id and recordedAt and appends them in the order planned. */
export interface PlannedChoice {
  subjectId: string;
  purposeKey: string;
  action: DecisionAction;
  noticeVersionId: string;
  noticeVersion: number;
  channel: Channel;
  method: string;
  actorKind: ActorKind;
  actorId: string | null;
  evidence: unknown | null;
  occurredAt: Date;
  /** BCP 47 tag of the notice text the subject saw; null when the input named none (the server may default it). */
  locale: string | null;
}

/** What {@link planChoices} needs: the parsed input, who calls, when, and the catalog. */
export interface PlanChoicesOptions {
  input: TChoicesInput;
  actor: WriteActor;
  now: Date;
  /** Every purpose, retired ones included. */
  purposes: readonly Purpose[];
  /** Every published notice version: input.noticeVersionId picks one, else the one in force at `now`. */
  notices: readonly NoticeVersion[];
}

// The list rules (at least one, each purpose once, GRANT/REFUSE/WITHDRAW) live in ZChoicesInput; they are applied
// again here, under the same field names, for callers that build the input themselves (e.g. a server-side "accept all").
const ZChoiceList = z.object({ choices: ZChoicesInput.shape.choices });

const RELOAD = 'Reload the page and choose again.';

function resolveNotice(o: PlanChoicesOptions): NoticeVersion {
  const id = o.input.noticeVersionId;
  if (id !== undefined) {
    const named = o.notices.find((n) => n.id === id);
    if (named === undefined) {
      throw new AssentError('NOT_FOUND', `noticeVersionId: no notice version with id '${id}'`, {
        details: { field: 'noticeVersionId' },
      });
    }
    return named;
  }
  const current = noticeInForce(o.notices, o.now);
  if (current === undefined) throw new AssentError('NOT_FOUND', 'No notice has been published yet.');
  return current;
}

function checkChoice(
  purpose: Purpose | undefined,
  key: string,
  action: DecisionAction,
  index: number,
  notice: NoticeVersion,
  now: Date,
): void {
  const field = `choices[${index}]`;
  if (purpose === undefined) {
    throw new AssentError('NOT_FOUND', `${field}.purposeKey: no purpose with key '${key}'`, {
      userMessage: `One of these choices is about a purpose that does not exist. ${RELOAD}`,
      details: { field: `${field}.purposeKey` },
    });
  }
  if (!requiresConsent(purpose)) {
    throw new AssentError(
      'CONSENT_NOT_APPLICABLE',
      `${field}.purposeKey: '${key}' rests on ${purpose.legalBasis}, not consent: there is nothing to grant, refuse or withdraw`,
      {
        userMessage: `'${purpose.title}' does not rest on your consent, so there is nothing to choose.`,
        details: { field: `${field}.purposeKey` },
      },
    );
  }
  // Refusing or withdrawing a retired purpose harms no one; granting one would start processing that is no longer offered.
  if (action === 'GRANT' && !isActive(purpose, now)) {
    throw new AssentError('BAD_USER_INPUT', `${field}.action: '${key}' is retired and can no longer be granted`, {
      userMessage: `'${purpose.title}' is no longer offered. ${RELOAD}`,
      details: { field: `${field}.action` },
    });
  }
  if (!notice.purposes.some((p) => p.purposeKey === key)) {
    throw new AssentError(
      'BAD_USER_INPUT',
      `${field}.purposeKey: notice version ${notice.version} does not describe '${key}', so a choice cannot rest on it`,
      {
        userMessage: `The notice shown does not describe '${purpose.title}'. ${RELOAD}`,
        details: { field: `${field}.purposeKey` },
      },
    );
  }
}

/**
 * The records of one recordChoices call, one per choice in the order given, all under one notice, instant and actor;
 * throws on the first problem (so a caller writes all of them or none): BAD_USER_INPUT, FORBIDDEN, NOT_FOUND or
 * CONSENT_NOT_APPLICABLE, the message naming the field (`choices[2].purposeKey: …`).
 */
export function planChoices(o: PlanChoicesOptions): PlannedChoice[] {
  const { choices } = parseInput(ZChoiceList, { choices: o.input.choices });
  const write = planConsentWrite({ input: o.input, actor: o.actor, now: o.now });
  const notice = resolveNotice(o);
  const byKey = new Map(o.purposes.map((p) => [p.key, p] as const));
  return choices.map(({ purposeKey, action }, index) => {
    checkChoice(byKey.get(purposeKey), purposeKey, action, index, notice, o.now);
    return {
      subjectId: write.subjectId,
      purposeKey,
      action,
      noticeVersionId: notice.id,
      noticeVersion: notice.version,
      channel: o.input.channel,
      method: o.input.method,
      actorKind: write.actorKind,
      actorId: write.actorId,
      evidence: write.evidence,
      occurredAt: write.occurredAt,
      locale: o.input.locale ?? null,
    };
  });
}
