import {
  ERASURE_PURPOSE_KEY,
  AssentError,
  CONSENT_MODE_TYPES,
  type ConsentModeType,
  type LegalBasis,
  type NoticePurposeText,
  type NoticeTranslation,
  type NoticeVersion,
  type Purpose,
} from '@assent/core';
import type { Db } from './client.ts';
import type { HotReads } from './hot-reads.ts';
import { isUniqueViolation } from './errors.ts';
import { noticeEvent, type OutboxWriter } from './outbox.ts';

type PurposeRow = {
  key: string;
  title: string;
  description: string;
  legalBasis: string;
  retiredAt: Date | null;
  gpcOptOut: boolean;
  dpvPurpose: string | null;
  consentMode: string;
};
type NoticeRow = {
  id: string;
  version: number;
  publishedAt: Date;
  effectiveAt: Date;
  summary: string;
  contentHash: string;
  defaultLocale: string;
  purposes: {
    purposeKey: string;
    locale: string;
    title: string;
    description: string;
    requiresReconsent: boolean;
    position: number;
  }[];
  translations: { locale: string; summary: string }[];
};

const purposeSelect = {
  key: true,
  title: true,
  description: true,
  legalBasis: true,
  retiredAt: true,
  gpcOptOut: true,
  dpvPurpose: true,
  consentMode: true,
} as const;
const noticeInclude = { purposes: { orderBy: { position: 'asc' as const } }, translations: true };

function toPurpose(r: PurposeRow): Purpose {
  return {
    key: r.key,
    title: r.title,
    description: r.description,
    legalBasis: r.legalBasis as LegalBasis,
    retiredAt: r.retiredAt,
    gpcOptOut: r.gpcOptOut,
    dpvPurpose: r.dpvPurpose,
    consentMode: parseConsentMode(r.consentMode),
  };
}

/** The stored JSON array of Consent Mode types; anything else stored there (a hand edit) reads as none. */
function parseConsentMode(text: string): ConsentModeType[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value)
      ? value.filter((v): v is ConsentModeType => (CONSENT_MODE_TYPES as readonly unknown[]).includes(v))
      : [];
  } catch {
    return [];
  }
}

// A notice's rows in every language: the default locale's purpose texts are the notice's own, the others its translations.
function toNotice(r: NoticeRow): NoticeVersion {
  const texts = (locale: string) => r.purposes.filter((p) => p.locale === locale);
  return {
    id: r.id,
    version: r.version,
    publishedAt: r.publishedAt,
    effectiveAt: r.effectiveAt,
    summary: r.summary,
    contentHash: r.contentHash,
    defaultLocale: r.defaultLocale,
    purposes: texts(r.defaultLocale).map(({ purposeKey, title, description, requiresReconsent }) => ({
      purposeKey,
      title,
      description,
      requiresReconsent,
    })),
    translations: r.translations
      .map((t) => ({
        locale: t.locale,
        summary: t.summary,
        purposes: texts(t.locale).map(({ purposeKey, title, description }) => ({ purposeKey, title, description })),
      }))
      .sort((a, b) => (a.locale < b.locale ? -1 : a.locale > b.locale ? 1 : 0)),
  };
}

/** Purposes and notice versions: the catalog every decision reads. */
export function catalogRepository(prisma: Db, outbox: OutboxWriter, hot: Pick<HotReads, 'catalogStamp'>) {
  return {
    /** Changes whenever a purpose is created or retired or a notice is published (see HotReads.catalogStamp). */
    stamp: () => hot.catalogStamp(),

    /** All purposes, active first, then in definition order. */
    async listPurposes(): Promise<Purpose[]> {
      const rows = await prisma.purpose.findMany({
        where: { key: { not: ERASURE_PURPOSE_KEY } },
        select: purposeSelect,
        orderBy: [{ position: 'asc' }],
      });
      return rows.map(toPurpose).sort((a, b) => Number(a.retiredAt !== null) - Number(b.retiredAt !== null));
    },

    /** Every notice version with its purpose texts, newest first. */
    async listNotices(): Promise<NoticeVersion[]> {
      const rows = await prisma.noticeVersion.findMany({ include: noticeInclude, orderBy: { version: 'desc' } });
      return rows.map(toNotice);
    },

    /** True when no purpose and no notice exist yet (the only state demo data is seeded into). */
    async isEmpty(): Promise<boolean> {
      const [p, n] = await Promise.all([
        prisma.purpose.count({ where: { key: { not: ERASURE_PURPOSE_KEY } } }),
        prisma.noticeVersion.count(),
      ]);
      return p === 0 && n === 0;
    },

    /** Defines a new purpose; CONFLICT when the key exists. */
    async createPurpose(
      input: {
        key: string;
        title: string;
        description: string;
        legalBasis: LegalBasis;
        gpcOptOut: boolean;
        dpvPurpose?: string | null;
        consentMode: readonly ConsentModeType[];
      },
      now: Date,
    ): Promise<Purpose> {
      try {
        const position = (await prisma.purpose.count({ where: { key: { not: ERASURE_PURPOSE_KEY } } })) + 1;
        const data = {
          key: input.key,
          title: input.title,
          description: input.description,
          legalBasis: input.legalBasis,
          gpcOptOut: input.gpcOptOut,
          dpvPurpose: input.dpvPurpose ?? null,
          consentMode: JSON.stringify(input.consentMode),
          position,
          createdAt: now,
        };
        const row = await prisma.purpose.create({ data, select: purposeSelect });
        return toPurpose(row);
      } catch (e) {
        if (isUniqueViolation(e))
          throw new AssentError('CONFLICT', `A purpose with key '${input.key}' already exists.`);
        throw e;
      }
    },

    /** Marks a purpose retired (idempotent: the first retirement instant is kept). */
    async retirePurpose(key: string, now: Date): Promise<Purpose> {
      const existing = await prisma.purpose.findUnique({ where: { key }, select: purposeSelect });
      if (!existing) throw new AssentError('NOT_FOUND', `No purpose with key '${key}'.`);
      if (existing.retiredAt) return toPurpose(existing);
      return toPurpose(
        await prisma.purpose.update({ where: { key }, data: { retiredAt: now }, select: purposeSelect }),
      );
    },

    /**
     * Appends notice version N+1 with its texts in every language, takes the default locale's texts as the purposes'
     * current wording, and writes the NOTICE_PUBLISHED outbox event, all in one transaction.
     */
    async appendNotice(input: {
      summary: string;
      effectiveAt: Date;
      publishedAt: Date;
      purposes: NoticePurposeText[];
      /** Default 'en', as before 1.1. */
      defaultLocale?: string;
      translations?: readonly NoticeTranslation[];
      contentHash: (version: number) => string;
    }): Promise<NoticeVersion> {
      try {
        return await prisma.$transaction(async (tx) => {
          const last = await tx.noticeVersion.findFirst({ orderBy: { version: 'desc' }, select: { version: true } });
          const version = (last?.version ?? 0) + 1;
          const id = `notice-v${version}`;
          const defaultLocale = input.defaultLocale ?? 'en';
          const translations = input.translations ?? [];
          const flags = new Map(
            input.purposes.map((p, position) => [p.purposeKey, { requiresReconsent: p.requiresReconsent, position }]),
          );
          const translated = translations.flatMap((t) =>
            t.purposes.map((p) => ({
              purposeKey: p.purposeKey,
              locale: t.locale,
              title: p.title,
              description: p.description,
              ...flags.get(p.purposeKey)!,
            })),
          );
          await tx.noticeVersion.create({
            data: {
              id,
              version,
              publishedAt: input.publishedAt,
              effectiveAt: input.effectiveAt,
              summary: input.summary,
              contentHash: input.contentHash(version),
              defaultLocale,
              purposes: {
                create: [
                  ...input.purposes.map((p, position) => ({
                    purposeKey: p.purposeKey,
                    locale: defaultLocale,
                    title: p.title,
                    description: p.description,
                    requiresReconsent: p.requiresReconsent,
                    position,
                  })),
                  ...translated,
                ],
              },
              translations: { create: translations.map((t) => ({ locale: t.locale, summary: t.summary })) },
            },
          });
          for (const p of input.purposes) {
            await tx.purpose.update({
              where: { key: p.purposeKey },
              data: { title: p.title, description: p.description },
            });
          }
          const notice = toNotice(
            (await tx.noticeVersion.findUniqueOrThrow({ where: { id }, include: noticeInclude })) as NoticeRow,
          );
          await outbox.write(tx as Db, noticeEvent(notice));
          return notice;
        });
      } catch (e) {
        if (isUniqueViolation(e))
          throw new AssentError(
            'CONFLICT',
            'Another notice version was published at the same time; reload and try again.',
          );
        throw e;
      }
    },
  };
}

/** The catalog repository's type. */
export type CatalogRepository = ReturnType<typeof catalogRepository>;
