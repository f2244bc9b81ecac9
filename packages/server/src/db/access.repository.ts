import type { Role } from '@assent/core';
import { AssentError } from '@assent/core';
import type { Db } from './client.ts';
import type { HotReads } from './hot-reads.ts';

/** An API key as listed: never its secret. */
export interface ApiKeyInfo {
  id: string;
  role: Role;
  name: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

const keySelect = { id: true, role: true, name: true, createdAt: true, revokedAt: true, lastUsedAt: true } as const;
const toKey = (r: {
  id: string;
  role: string;
  name: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}): ApiKeyInfo => ({ ...r, role: r.role as Role });

/** API keys (hashes only) and server settings. */
export function accessRepository(prisma: Db, hot: HotReads) {
  return {
    /** Stores a new key by the hash of its secret. */
    async createApiKey(input: {
      id: string;
      role: Role;
      name: string;
      secretHash: string;
      createdAt: Date;
    }): Promise<ApiKeyInfo> {
      return toKey(await prisma.apiKey.create({ data: input, select: keySelect }));
    },
    /** The key whose secret hashes to this value, with its stored hash for a constant-time check (prepared read: every API request does this). */
    async findApiKeyBySecretHash(
      secretHash: string,
    ): Promise<{ id: string; role: Role; secretHash: string; revokedAt: Date | null } | null> {
      const r = await hot.findApiKey(secretHash);
      return r ? { ...r, role: r.role as Role } : null;
    },
    /** Every key, newest first. */
    async listApiKeys(): Promise<ApiKeyInfo[]> {
      return (await prisma.apiKey.findMany({ select: keySelect, orderBy: { createdAt: 'desc' } })).map(toKey);
    },
    /** Revokes a key (idempotent: the first revocation instant is kept). */
    async revokeApiKey(id: string, now: Date): Promise<ApiKeyInfo> {
      const r = await prisma.apiKey.findUnique({ where: { id }, select: keySelect });
      if (!r) throw new AssentError('NOT_FOUND', `No API key with id '${id}'.`);
      if (r.revokedAt) return toKey(r);
      return toKey(await prisma.apiKey.update({ where: { id }, data: { revokedAt: now }, select: keySelect }));
    },
    /** The names of some API keys, by id (unknown ids are absent). */
    async apiKeyNames(ids: readonly string[]): Promise<Map<string, string>> {
      const rows = await prisma.apiKey.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } });
      return new Map(rows.map((r) => [r.id, r.name]));
    },
    /** Records that a key was used. */
    async touchApiKey(id: string, now: Date): Promise<void> {
      await prisma.apiKey.update({ where: { id }, data: { lastUsedAt: now }, select: { id: true } });
    },
    /** Stores a setting unless one exists; returns the value that is stored (first writer wins). */
    async ensureSetting(key: string, value: string): Promise<string> {
      const r = await prisma.setting.upsert({ where: { key }, create: { key, value }, update: {} });
      return r.value;
    },
    /** Replaces a setting's stored value only while it is still `expected` (compare-and-set; false when it moved on). */
    async replaceSetting(key: string, expected: string, value: string): Promise<boolean> {
      return (await prisma.setting.updateMany({ where: { key, value: expected }, data: { value } })).count === 1;
    },
  };
}

/** The access repository's type. */
export type AccessRepository = ReturnType<typeof accessRepository>;
