import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_ERROR_CODES, isAssentError } from './assent-error.ts';

// `nats` is an optional peer dependency (installed here as a dev dependency): a product that picks source 'jetstream'
// without it must be told what to install, not that the network failed.
describe("source 'jetstream' without the optional peer nats", () => {
  afterEach(() => {
    vi.doUnmock('nats');
    vi.resetModules();
  });

  it('fails with DEPENDENCY_MISSING, naming the package to install, before connecting to anything', async () => {
    const notFound = Object.assign(new Error("Cannot find package 'nats' imported from jetstream-source.js"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    vi.doMock('nats', () => {
      throw notFound;
    });
    const { jetstreamSource } = await import('./jetstream-source.ts');

    const err: unknown = await jetstreamSource({ natsUrl: 'nats://127.0.0.1:1', purposes: ['marketing'] }).then(
      () => 'resolved',
      (e: unknown) => e,
    );

    expect(isAssentError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'DEPENDENCY_MISSING' });
    expect((err as Error).message).toMatch(/optional peer dependency nats/);
    expect((err as Error).message).toMatch(/npm i nats@2\.29\.3/);
    expect((err as Error).cause).toBeDefined();
  });

  it('is a documented client code, listed in the README', () => {
    expect(CLIENT_ERROR_CODES).toHaveProperty('DEPENDENCY_MISSING');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(CLIENT_ERROR_CODES)) expect(readme).toMatch(new RegExp(`^\\| ${code}\\b`, 'm'));
  });
});
