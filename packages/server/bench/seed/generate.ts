// The synthetic ledger the benchmark seeds: deterministic (subject i always gets the same records, ids and order),
// protected and chained by the ledger writer's own chain() exactly as append() does (pseudonym, identifier and
// evidence sealed under a per-subject data key, format-2 hashes), with the projection, the subject's data key and the
// outbox rows that append() would have written alongside. Only the sealing's nonces and data keys are random.
import {
  noticeInForce,
  supersedes,
  type ActorKind,
  type Channel,
  type ConsentAction,
  type ConsentRecord,
  type LegalBasis,
  type NoticeVersion,
  type StateRecord,
  type StoredRecord,
} from '@assent/core';
import { keyEncryption, parseMasterKey } from '../../src/crypto/key-encryption.ts';
import { subjectProtection, type SubjectProtection } from '../../src/crypto/subject-protection.ts';
import { chain, type Head } from '../../src/db/ledger-writer.ts';
import { consentEvent } from '../../src/db/outbox.ts';

/** What the generator needs to know about the seeded catalog (plain data: it crosses to worker threads). */
export interface SeedCatalog {
  /** Consent-based purposes: only these take grants and withdrawals. */
  consentPurposes: { key: string; legalBasis: LegalBasis }[];
  /** Every published notice (id, version, publishedAt, effectiveAt in ms). */
  notices: { id: string; version: number; publishedAtMs: number; effectiveAtMs: number }[];
  /** No record occurs before this instant (the first notice). */
  startMs: number;
  /** No record is recorded after this instant. */
  endMs: number;
  /** Mixed into every subject's random stream, so two seeds give two different ledgers. */
  seed: number;
  /** The master key the benchmark's server runs with and the database's pseudonym key (hex), to protect rows as it does. */
  masterKey: string;
  pseudonymKey: string;
}

let protectionCache: { key: string; protection: SubjectProtection } | undefined;
/** The database's subject protection, as the server opens it (one per worker). */
function protectionOf(cat: SeedCatalog): SubjectProtection {
  const key = `${cat.masterKey}/${cat.pseudonymKey}`;
  if (protectionCache?.key !== key)
    protectionCache = {
      key,
      protection: subjectProtection(Buffer.from(cat.pseudonymKey, 'hex'), keyEncryption(parseMasterKey(cat.masterKey))),
    };
  return protectionCache.protection;
}

/** The subject id of subject number i (zero-padded, so ids sort in generation order). */
export const subjectIdOf = (i: number) => `subj-${String(i).padStart(8, '0')}`;

/** A projection row as append() leaves it. */
export type SeedState = StateRecord & { subjectId: string; purposeKey: string };
/** An outbox row as the outbox writer stores it (marked dispatched). */
export interface SeedOutbox {
  eventId: string;
  type: string;
  subjectId: string;
  purposeKey: string;
  recordId: string;
  payload: string;
  createdAt: Date;
  dispatchedAt: Date;
}
/** Everything one subject contributes to the database. */
export interface SeedSubject {
  /** The records as callers see them (clear identifier), in chain order. */
  records: ConsentRecord[];
  /** The same records as the ledger stores them (pseudonym, sealed columns, format-2 hashes). */
  stored: StoredRecord[];
  /** The subject's data key (sealed), made with its first record; null without records. */
  key: { pseudonym: string; dataKey: string; createdAt: Date } | null;
  states: SeedState[];
  outbox: SeedOutbox[];
}

/** sfc32: small, fast, good enough for synthetic data, and seedable per subject. */
function rngFor(seed: number, i: number) {
  let a = seed >>> 0,
    b = Math.imul(i, 0x9e3779b1) >>> 0,
    c = (i ^ 0x85ebca6b) >>> 0,
    d = 1;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t;
  };
  for (let k = 0; k < 12; k++) next();
  return { u32: next, float: () => next() / 4294967296 };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** A version-4 UUID drawn from the subject's stream (same shape as randomUUID(), reproducible). */
function uuid(u32: () => number): string {
  const w = [u32(), u32(), u32(), u32()];
  const b = (k: number) => HEX[(w[k >> 2]! >>> ((k & 3) * 8)) & 0xff]!;
  const v = (k: number, mask: number, set: number) => HEX[(((w[k >> 2]! >>> ((k & 3) * 8)) & mask) | set) & 0xff]!;
  return `${b(0)}${b(1)}${b(2)}${b(3)}-${b(4)}${b(5)}-${v(6, 0x0f, 0x40)}${b(7)}-${v(8, 0x3f, 0x80)}${b(9)}-${b(10)}${b(11)}${b(12)}${b(13)}${b(14)}${b(15)}`;
}

const noticeCache = new WeakMap<SeedCatalog, NoticeVersion[]>();
/** The catalog's notices in the shape noticeInForce reads (only version, id and publishedAt matter to it). */
function noticesOf(cat: SeedCatalog): NoticeVersion[] {
  let n = noticeCache.get(cat);
  if (!n)
    noticeCache.set(
      cat,
      (n = cat.notices.map((x) => ({ ...x, publishedAt: new Date(x.publishedAtMs) })) as unknown as NoticeVersion[]),
    );
  return n;
}

/** How many records one subject has for one consent purpose: mean 2.05, so ~10 per subject over 5 purposes. */
const RECORDS_PER_PURPOSE = [0.1, 0.25, 0.3, 0.2, 0.15];
const DAY = 86_400_000;

interface Draft {
  purposeKey: string;
  legalBasis: LegalBasis;
  action: ConsentAction;
  occurredAt: number;
  recordedAt: number;
  channel: Channel;
  method: string;
  actorKind: ActorKind;
  actorId: string | null;
  evidence: unknown;
}

/**
 * Generates one subject: per consent purpose 0–4 records alternating grant and withdrawal (mostly
 * starting with a grant; a grant after a withdrawal is a re-consent), by the subject in the privacy
 * center or the app, by email unsubscribe links, or imported by a SERVICE key with evidence and a
 * back-dated occurredAt. Records are chained in the order they were recorded.
 */
export function generateSubject(i: number, cat: SeedCatalog, fastPayload = false): SeedSubject {
  const rng = rngFor(cat.seed, i);
  const subjectId = subjectIdOf(i);
  const firstSeen = cat.startMs + rng.float() * Math.max(1, cat.endMs - 30 * DAY - cat.startMs);
  const drafts: Draft[] = [];
  for (const purpose of cat.consentPurposes) {
    let r = rng.float();
    let n = 0;
    while (n < RECORDS_PER_PURPOSE.length - 1 && r >= RECORDS_PER_PURPOSE[n]!) r -= RECORDS_PER_PURPOSE[n++]!;
    const times = Array.from({ length: n }, () => Math.floor(firstSeen + rng.float() * (cat.endMs - firstSeen))).sort(
      (x, y) => x - y,
    );
    let action: ConsentAction = rng.float() < 0.9 ? 'GRANT' : 'WITHDRAW';
    for (const t of times) {
      const kind = rng.float();
      let d: Draft;
      if (kind < 0.12) {
        // A SERVICE import: back-dated, with evidence, recorded minutes to days later.
        const recordedAt = Math.min(cat.endMs, t + 60_000 + Math.floor(rng.float() * 3 * DAY));
        d = {
          purposeKey: purpose.key,
          legalBasis: purpose.legalBasis,
          action,
          occurredAt: t,
          recordedAt,
          channel: rng.float() < 0.7 ? 'API' : 'OFFLINE',
          method: rng.float() < 0.7 ? 'signup-form' : 'crm-import',
          actorKind: 'SERVICE',
          actorId: 'bench-import-key',
          evidence: { source: 'signup-form', formVersion: '2025-03', ip: `203.0.113.${rng.u32() & 0xff}` },
        };
      } else if (action === 'WITHDRAW' && purpose.key === 'marketing-email' && kind < 0.5) {
        d = {
          purposeKey: purpose.key,
          legalBasis: purpose.legalBasis,
          action,
          occurredAt: t,
          recordedAt: t,
          channel: 'EMAIL',
          method: 'email/unsubscribe-link',
          actorKind: 'SUBJECT',
          actorId: subjectId,
          evidence: null,
        };
      } else {
        const mobile = kind > 0.75;
        d = {
          purposeKey: purpose.key,
          legalBasis: purpose.legalBasis,
          action,
          occurredAt: t,
          recordedAt: t,
          channel: mobile ? 'MOBILE' : 'WEB',
          method: mobile ? 'app/settings-toggle' : 'privacy-center/toggle',
          actorKind: 'SUBJECT',
          actorId: subjectId,
          evidence: null,
        };
      }
      drafts.push(d);
      action = action === 'GRANT' ? 'WITHDRAW' : 'GRANT';
    }
  }
  // Chain order is append order, i.e. recordedAt (stable for ties).
  drafts.sort((x, y) => x.recordedAt - y.recordedAt);

  const notices = noticesOf(cat);
  const protection = protectionOf(cat);
  const pseudonym = protection.pseudonym(subjectId);
  const dataKey = drafts.length ? protection.newDataKey(pseudonym) : null;
  const records: ConsentRecord[] = [];
  const stored: StoredRecord[] = [];
  const outbox: SeedOutbox[] = [];
  const current = new Map<string, SeedState>();
  let head: Head = undefined;
  for (const d of drafts) {
    const occurredAt = new Date(d.occurredAt);
    const notice = noticeInForce(notices, occurredAt)!;
    const content = {
      id: uuid(rng.u32),
      subjectId,
      purposeKey: d.purposeKey,
      action: d.action,
      noticeVersionId: notice.id,
      noticeVersion: notice.version,
      channel: d.channel,
      method: d.method,
      actorKind: d.actorKind,
      actorId: d.actorId,
      evidence: d.evidence,
      occurredAt,
      recordedAt: new Date(d.recordedAt),
    };
    const { stored: row, record } = chain(protection, content, pseudonym, dataKey!.key, head);
    head = { seq: row.seq, hash: row.hash };
    records.push(record);
    stored.push(row);
    // The projection moves exactly when append() would move it.
    const cur = current.get(d.purposeKey);
    if (supersedes(record, cur)) {
      current.set(d.purposeKey, {
        subjectId,
        purposeKey: d.purposeKey,
        recordId: record.id,
        action: record.action,
        noticeVersion: record.noticeVersion,
        occurredAt: record.occurredAt,
        recordedAt: record.recordedAt,
      });
    }
    const eventId = uuid(rng.u32);
    let type: string, payload: string;
    if (fastPayload) {
      type = record.action === 'GRANT' ? 'assent.consent.granted' : 'assent.consent.withdrawn';
      payload = fastEventJson(record, eventId, type, d.legalBasis);
    } else {
      const { event } = consentEvent(record, { key: d.purposeKey, legalBasis: d.legalBasis });
      event.id = eventId;
      type = event.type;
      payload = JSON.stringify(event);
    }
    const createdAt = new Date(d.recordedAt + 2);
    outbox.push({
      eventId,
      type,
      subjectId,
      purposeKey: d.purposeKey,
      recordId: record.id,
      payload,
      createdAt,
      dispatchedAt: new Date(d.recordedAt + 150),
    });
  }
  return {
    records,
    stored,
    key: dataKey && { pseudonym, dataKey: dataKey.sealed, createdAt: records[0]!.recordedAt },
    states: [...current.values()],
    outbox,
  };
}

const q = JSON.stringify;
/**
 * JSON.stringify(consentEvent(record).event), written out: a third of the generation time saved.
 * generateBatch checks it against the real consentEvent on every batch and falls back if they differ.
 */
function fastEventJson(r: ConsentRecord, eventId: string, type: string, legalBasis: LegalBasis): string {
  const rec = r.recordedAt.toISOString();
  return `{"specversion":"1.0","id":${q(eventId)},"source":"assent","type":${q(type)},"subject":${q(r.subjectId)},"time":${q(rec)},"datacontenttype":"application/json","data":{"record":{"id":${q(r.id)},"subjectId":${q(r.subjectId)},"purposeKey":${q(r.purposeKey)},"action":${q(r.action)},"noticeVersion":{"id":${q(r.noticeVersionId)},"version":${r.noticeVersion}},"channel":${q(r.channel)},"method":${q(r.method)},"actor":{"kind":${q(r.actorKind)},"id":${q(r.actorId)}},"occurredAt":${q(r.occurredAt.toISOString())},"recordedAt":${q(rec)},"hash":${q(r.hash)},"previousHash":${q(r.previousHash)},"locale":${q(r.locale ?? null)}},"purpose":{"key":${q(r.purposeKey)},"legalBasis":${q(legalBasis)}}}}`;
}

/**
 * Whether the written-out payloads of subject i equal the product's consentEvent for the same records (the sealing is
 * random, so both are made from one generation).
 */
export function fastPayloadsMatch(i: number, cat: SeedCatalog): boolean {
  const s = generateSubject(i, cat, false);
  const basis = new Map(cat.consentPurposes.map((p) => [p.key, p.legalBasis]));
  return (
    s.outbox.length === s.records.length &&
    s.outbox.every((o, k) => o.payload === fastEventJson(s.records[k]!, o.eventId, o.type, basis.get(o.purposeKey)!))
  );
}

let fastPayloadMatches: boolean | undefined;
/** Whether the written-out payload still equals the product's consentEvent (checked on a real subject). */
function fastPayloadOk(i: number, cat: SeedCatalog): boolean {
  if (fastPayloadMatches === undefined) {
    fastPayloadMatches = fastPayloadsMatch(i, cat);
    if (!fastPayloadMatches)
      console.warn(
        'bench seed: consentEvent changed shape; using it directly (slower). Update fastEventJson in bench/seed/generate.ts.',
      );
  }
  return fastPayloadMatches;
}

/** Column-oriented rows of many subjects, ready for a multi-row insert (dates already in the database's text form). */
export interface SeedBatch {
  subjects: number;
  records: {
    id: string[];
    subjectId: string[];
    seq: number[];
    purposeKey: string[];
    action: string[];
    noticeVersionId: string[];
    noticeVersion: number[];
    channel: string[];
    method: string[];
    actorKind: string[];
    actorId: (string | null)[];
    evidence: (string | null)[];
    occurredAt: string[];
    recordedAt: string[];
    hash: string[];
    previousHash: (string | null)[];
    locale: (string | null)[];
    hashVersion: number[];
    sealed: (string | null)[];
    legacyHash: (string | null)[];
  };
  /** SubjectKey rows: each subject's data key, sealed. */
  keys: { pseudonym: string[]; dataKey: string[]; createdAt: string[] };
  states: {
    subjectId: string[];
    purposeKey: string[];
    recordId: string[];
    action: string[];
    noticeVersion: number[];
    occurredAt: string[];
    recordedAt: string[];
  };
  outbox: {
    eventId: string[];
    type: string[];
    subjectId: string[];
    purposeKey: string[];
    recordId: string[];
    payload: string[];
    createdAt: string[];
    dispatchedAt: string[];
  };
}

/**
 * How each database stores a DateTime, byte for byte what Prisma writes: SQLite gets
 * '2026-11-29T17:15:57.486+00:00' text, PostgreSQL an ISO instant for a timestamp(3) in UTC.
 */
export const dateText = (kind: 'sqlite' | 'postgres') =>
  kind === 'sqlite' ? (d: Date) => d.toISOString().slice(0, -1) + '+00:00' : (d: Date) => d.toISOString();

/** Generates subjects [from, to) as one batch. */
export function generateBatch(from: number, to: number, cat: SeedCatalog, kind: 'sqlite' | 'postgres'): SeedBatch {
  const dt = dateText(kind);
  const b: SeedBatch = {
    subjects: to - from,
    records: {
      id: [],
      subjectId: [],
      seq: [],
      purposeKey: [],
      action: [],
      noticeVersionId: [],
      noticeVersion: [],
      channel: [],
      method: [],
      actorKind: [],
      actorId: [],
      evidence: [],
      occurredAt: [],
      recordedAt: [],
      hash: [],
      previousHash: [],
      locale: [],
      hashVersion: [],
      sealed: [],
      legacyHash: [],
    },
    keys: { pseudonym: [], dataKey: [], createdAt: [] },
    states: {
      subjectId: [],
      purposeKey: [],
      recordId: [],
      action: [],
      noticeVersion: [],
      occurredAt: [],
      recordedAt: [],
    },
    outbox: {
      eventId: [],
      type: [],
      subjectId: [],
      purposeKey: [],
      recordId: [],
      payload: [],
      createdAt: [],
      dispatchedAt: [],
    },
  };
  const { records: R, keys: K, states: S, outbox: O } = b;
  const fast = fastPayloadOk(from, cat);
  for (let i = from; i < to; i++) {
    const s = generateSubject(i, cat, fast);
    for (const r of s.stored) {
      R.id.push(r.id);
      R.subjectId.push(r.subjectId);
      R.seq.push(r.seq);
      R.purposeKey.push(r.purposeKey);
      R.action.push(r.action);
      R.noticeVersionId.push(r.noticeVersionId);
      R.noticeVersion.push(r.noticeVersion);
      R.channel.push(r.channel);
      R.method.push(r.method);
      R.actorKind.push(r.actorKind);
      R.actorId.push(r.actorId);
      R.evidence.push(r.evidence);
      R.occurredAt.push(dt(r.occurredAt));
      R.recordedAt.push(dt(r.recordedAt));
      R.hash.push(r.hash);
      R.previousHash.push(r.previousHash);
      R.locale.push(r.locale);
      R.hashVersion.push(r.hashVersion);
      R.sealed.push(r.sealed);
      R.legacyHash.push(r.legacyHash);
    }
    if (s.key) {
      K.pseudonym.push(s.key.pseudonym);
      K.dataKey.push(s.key.dataKey);
      K.createdAt.push(dt(s.key.createdAt));
    }
    for (const st of s.states) {
      S.subjectId.push(st.subjectId);
      S.purposeKey.push(st.purposeKey);
      S.recordId.push(st.recordId);
      S.action.push(st.action);
      S.noticeVersion.push(st.noticeVersion);
      S.occurredAt.push(dt(st.occurredAt));
      S.recordedAt.push(dt(st.recordedAt));
    }
    for (const o of s.outbox) {
      O.eventId.push(o.eventId);
      O.type.push(o.type);
      O.subjectId.push(o.subjectId);
      O.purposeKey.push(o.purposeKey);
      O.recordId.push(o.recordId);
      O.payload.push(o.payload);
      O.createdAt.push(dt(o.createdAt));
      O.dispatchedAt.push(dt(o.dispatchedAt));
    }
  }
  return b;
}

/** What a seeding worker hands the inserting thread: column arrays (SQLite) or COPY text (PostgreSQL). */
export interface SeedChunk {
  subjects: number;
  counts: { records: number; states: number; outbox: number };
  /** Milliseconds the worker spent generating this chunk. */
  ms: number;
  columns?: SeedBatch;
  copy?: { records: string; keys: string; states: string; outbox: string };
}
