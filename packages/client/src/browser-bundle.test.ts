import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// The library runs in browsers: a bundler targeting the browser must build it with `nats` installed (it is here, as a
// dev dependency), taking the "browser" map's jetstream-source.browser.ts instead of the module that imports nats.
describe('a browser bundle of @assent/client', () => {
  it('builds without Node modules and without nats', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      metafile: true,
    });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((f) => f.includes('jetstream-source.browser.ts'))).toBe(true);
    expect(inputs.filter((f) => /node_modules\/(\.pnpm\/)?nats/.test(f) || /jetstream-source\.ts$/.test(f))).toEqual(
      [],
    );
  });
});
