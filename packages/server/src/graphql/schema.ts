import fs from 'node:fs';
import path from 'node:path';

/** The server's SDL: the public contract verbatim plus our additions. */
export function loadTypeDefs(): string[] {
  const dir = path.join(import.meta.dirname, 'schema');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
}
