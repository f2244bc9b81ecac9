import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The client's types are generated from the server's SDL plus schema/extensions.graphql, the server API this package
// needs beyond the contract; the server's extensions.graphql carries the same definitions verbatim. The two copies
// must not drift: a field changed on one side only would compile here and fail against a real server.
const read = (relative: string) => readFileSync(fileURLToPath(new URL(relative, import.meta.url)), 'utf8');

describe("the client's server API (schema/extensions.graphql)", () => {
  it("is in the server's extensions.graphql verbatim", () => {
    // The client file's own header (its leading comment lines) is not part of the copy.
    const body = read('../schema/extensions.graphql')
      .split('\n')
      .filter((line, i, lines) => !(line.startsWith('#') && lines.slice(0, i).every((l) => l.startsWith('#'))))
      .join('\n')
      .trim();
    expect(body.length).toBeGreaterThan(500);
    expect(read('../../server/src/graphql/schema/extensions.graphql')).toContain(body);
  });
});
