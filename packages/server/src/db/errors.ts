/** True when a database error is a unique-constraint violation (Prisma P2002, PostgreSQL 23505, SQLite UNIQUE). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string };
  return err?.code === 'P2002' || /23505|UNIQUE constraint failed|unique constraint/i.test(describe(e));
}

function describe(e: unknown): string {
  const seen = new Set<unknown>();
  const parts: string[] = [];
  const walk = (x: unknown, depth: number) => {
    if (x == null || depth > 6 || seen.has(x)) return;
    seen.add(x);
    if (typeof x === 'string') return void parts.push(x);
    if (typeof x !== 'object') return;
    const o = x as Record<string, unknown>;
    for (const k of ['message', 'code', 'originalCode', 'originalMessage', 'kind'])
      if (typeof o[k] === 'string') parts.push(o[k] as string);
    for (const k of ['meta', 'cause', 'driverAdapterError']) walk(o[k], depth + 1);
  };
  walk(e, 0);
  return parts.join(' | ');
}
