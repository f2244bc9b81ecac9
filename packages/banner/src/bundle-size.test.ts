// @vitest-environment node
import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const BUNDLE = new URL('../dist/banner.js', import.meta.url);
/** The budget: the banner adds at most 15 KB (gzipped) to a product page. */
const BUDGET_BYTES = 15 * 1024;

describe('dist/banner.js', () => {
  // `pnpm test` builds first; a bare `vitest run` without a build says what to do.
  const built = existsSync(BUNDLE);

  it('exists (run `pnpm --filter @assent/banner build`)', () => {
    expect(built).toBe(true);
  });

  it.runIf(built)('is at most 15 KB gzipped', () => {
    const gzipped = gzipSync(readFileSync(BUNDLE), { level: 9 }).byteLength;
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it.runIf(built)(
    'is one self-contained ES module that needs no eval and no inline styles (a strict CSP allows it)',
    () => {
      const code = readFileSync(BUNDLE, 'utf8');
      expect(code).not.toMatch(/\bimport\s*[({"'`]|\bimport\s+[\w{*]/);
      expect(code).not.toMatch(/\beval\s*\(|new Function\s*\(|setTimeout\(\s*["'`]/);
      // No style attribute or markup: a strict style-src refuses both. A CSSOM property write (`el.style.paddingBottom
      // = …`: the room the open banner keeps at the foot of the page) is not inline style and CSP allows it.
      expect(code).not.toMatch(/\.innerHTML\b|\.style\.cssText\b|\.style\s*=|setAttribute\(\s*["'`]style/);
      expect(code).toMatch(/customElements\.define\(\s*["'`]assent-banner/);
    },
  );
});
