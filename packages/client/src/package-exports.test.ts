import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// What npm and pnpm publish (and what a `file:` dependency gets) is package.json as written: its "exports", "main",
// "types" and "browser" must name the compiled dist/ that tsconfig.build.json emits (and `prepack` builds), never
// TypeScript source, which plain Node cannot import. The workspace runs the source through tsconfig.base.json's
// "paths" instead.
const clientDir = fileURLToPath(new URL('..', import.meta.url));
const repoRoot = path.resolve(clientDir, '../..');
const pkg = JSON.parse(readFileSync(path.join(clientDir, 'package.json'), 'utf8')) as {
  main?: string;
  types?: string;
  exports: Record<string, unknown>;
  browser?: Record<string, string>;
  files?: string[];
  scripts?: Record<string, string>;
  publishConfig?: Record<string, unknown>;
};

/** [condition path, target] of every target of an "exports" entry, e.g. [['types'], './dist/index.d.ts']. */
function targets(entry: unknown, conditions: string[] = []): [string[], string][] {
  if (typeof entry === 'string') return [[conditions, entry]];
  if (entry === null || typeof entry !== 'object') throw new Error(`unexpected exports entry ${String(entry)}`);
  return Object.entries(entry).flatMap(([k, v]) => targets(v, [...conditions, k]));
}

function buildConfig(): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(clientDir, 'tsconfig.build.json'), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('tsconfig.build.json could not be read');
  return parsed;
}

/** Every file `tsc -p tsconfig.build.json` writes, as package-relative paths ('./dist/index.js'). */
function emittedFiles(parsed: ts.ParsedCommandLine): Set<string> {
  const out = new Set<string>();
  for (const f of parsed.fileNames) {
    for (const o of ts.getOutputFileNames(parsed, f, false)) out.add(`./${path.relative(clientDir, o)}`);
  }
  return out;
}

describe('the published shape of @assent/client', () => {
  const parsed = buildConfig();
  const emitted = emittedFiles(parsed);

  it('builds dist/ as ESM with declarations, from src/ and without the tests', () => {
    const o = parsed.options;
    expect(o.noEmit ?? false).toBe(false);
    expect(o.declaration).toBe(true);
    expect(path.relative(clientDir, o.outDir ?? '')).toBe('dist');
    expect(path.relative(clientDir, o.rootDir ?? '')).toBe('src');
    // Source imports say './x.ts'; the emitted JavaScript must say './x.js'.
    expect(o.rewriteRelativeImportExtensions).toBe(true);
    expect(o.module).toBeGreaterThanOrEqual(ts.ModuleKind.ES2020);
    expect([...emitted].filter((f) => f.includes('.test.'))).toEqual([]);
    expect(emitted).toContain('./dist/index.js');
    expect(emitted).toContain('./dist/index.d.ts');
  });

  it('exports only compiled files that the build emits, "types" first', () => {
    const all = Object.entries(pkg.exports).flatMap(([subpath, entry]) =>
      targets(entry).map(([conditions, target]) => ({ subpath, conditions, target })),
    );
    expect(all.length).toBeGreaterThan(0);
    for (const { subpath, conditions, target } of all) {
      if (subpath === './package.json') {
        expect(target).toBe('./package.json');
        continue;
      }
      const isTypes = conditions.at(-1) === 'types';
      expect(target, `${subpath} ${conditions.join('.')}`).toMatch(
        isTypes ? /^\.\/dist\/.+\.d\.ts$/ : /^\.\/dist\/.+\.js$/,
      );
      expect(emitted, `${subpath} ${conditions.join('.')} → ${target}`).toContain(target);
    }
    // TypeScript reads the first matching condition: "types" must come before "default"/"import".
    for (const entry of Object.values(pkg.exports)) {
      if (typeof entry === 'object' && entry !== null && 'types' in entry) expect(Object.keys(entry)[0]).toBe('types');
    }
    expect(emitted).toContain(pkg.main);
    expect(emitted).toContain(pkg.types);
  });

  it('publishes what it names: no publishConfig override, dist in "files", built before packing', () => {
    expect(pkg.publishConfig?.exports).toBeUndefined();
    expect(pkg.files).toContain('dist');
    expect(pkg.scripts?.prepack).toMatch(/\bbuild\b/);
    expect(pkg.scripts?.build).toMatch(/tsc -p tsconfig\.build\.json/);
    // dist/ is built, never committed.
    const gitignore = readFileSync(path.join(repoRoot, '.gitignore'), 'utf8').split('\n');
    expect(gitignore.some((l) => /^\/?dist\/?$/.test(l.trim()) || l.trim() === 'packages/client/dist/')).toBe(true);
  });

  it('swaps jetstream-source for its browser stub in src/ and in dist/', () => {
    const browser = pkg.browser ?? {};
    expect(browser['./src/jetstream-source.ts']).toBe('./src/jetstream-source.browser.ts');
    expect(browser['./dist/jetstream-source.js']).toBe('./dist/jetstream-source.browser.js');
    for (const [from, to] of Object.entries(browser)) {
      if (from.startsWith('./dist/')) {
        expect(emitted).toContain(from);
        expect(emitted).toContain(to);
      } else {
        expect(existsSync(path.join(clientDir, from)), from).toBe(true);
        expect(existsSync(path.join(clientDir, to)), to).toBe(true);
      }
    }
  });

  // The real thing, short of `npm pack` (which may need the network): emit the build and import it with plain Node.
  // The output goes under node_modules/ so that its bare imports (graphql-ws) resolve as they would once installed.
  it('emits JavaScript that plain Node imports', { timeout: 60_000 }, () => {
    const cache = path.join(clientDir, 'node_modules', '.cache');
    mkdirSync(cache, { recursive: true });
    const outDir = mkdtempSync(path.join(cache, 'assent-client-build-'));
    try {
      const program = ts.createProgram({
        rootNames: parsed.fileNames,
        options: { ...parsed.options, outDir, declaration: false, noEmit: false },
      });
      const result = program.emit();
      expect(result.emitSkipped).toBe(false);
      const js = readdirSync(outDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
      const tsSpecifiers = js.filter((f) =>
        /(from\s+|import\s*\(\s*)['"]\.{1,2}\/[^'"]+\.ts['"]/.test(readFileSync(path.join(outDir, f), 'utf8')),
      );
      expect(tsSpecifiers).toEqual([]);
      const probe = `const m = await import(${JSON.stringify(path.join(outDir, 'index.js'))});
        console.log(JSON.stringify([typeof m.createAssentClient, typeof m.AssentError, new m.AssentError('DEPENDENCY_MISSING', 'x').name]));`;
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', probe], {
        cwd: clientDir,
        env: { ...process.env, NODE_OPTIONS: '' },
        encoding: 'utf8',
      });
      expect(JSON.parse(out)).toEqual(['function', 'function', 'AssentError']);
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  });
});
