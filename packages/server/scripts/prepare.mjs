// Builds what `pnpm start`/`test` need on a fresh clone, and nothing when it is already there:
// the two Prisma clients (from prisma/schema.base.prisma), the GraphQL resolver types (from the SDL), the banner served at
// /banner.js and the web apps' production builds.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const server = join(root, 'packages/server');
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);
const newest = (dir) =>
  existsSync(dir) ? Math.max(0, ...readdirSync(dir, { recursive: true }).map((f) => mtime(join(dir, String(f))))) : 0;

const base = join(root, 'prisma/schema.base.prisma');
if (
  !existsSync(join(server, 'src/generated/postgres/client.ts')) ||
  mtime(base) > mtime(join(server, 'src/generated/sqlite/client.ts'))
) {
  execFileSync(process.execPath, [join(server, 'scripts/generate.mjs')], { stdio: 'inherit' });
}
// The resolver types (src/graphql/generated, committed) when the SDL or codegen.ts is newer; codegen reads only local
// files. They are types only, so an install without devDependencies runs without them.
const resolverTypes = join(server, 'src/graphql/generated/resolvers-types.ts');
const codegen = join(server, 'node_modules/.bin/graphql-codegen');
if (
  existsSync(codegen) &&
  Math.max(newest(join(server, 'src/graphql/schema')), mtime(join(server, 'codegen.ts'))) > mtime(resolverTypes)
) {
  execFileSync(codegen, ['--config', 'codegen.ts'], { cwd: server, stdio: 'inherit' });
}
// The web apps' production builds (served by the server at / and /staff), rebuilt when their sources changed.
for (const [dir, name] of [
  ['packages/privacy-center', '@assent/privacy-center'],
  ['packages/staff-console', '@assent/staff-console'],
]) {
  const web = join(root, dir);
  if (!existsSync(join(web, 'vite.config.ts')) || process.env.ASSENT_SKIP_WEB_BUILD === '1') continue;
  const built = mtime(join(web, 'dist/index.html'));
  const sources = Math.max(
    newest(join(web, 'src')),
    newest(join(root, 'packages/web-kit/src')),
    mtime(join(web, 'index.html')),
  );
  if (!built || sources > built) {
    console.error(`Building ${name}…`);
    execFileSync('pnpm', ['--filter', name, 'build'], { cwd: root, stdio: 'inherit' });
  }
}
// The banner (GET /banner.js serves packages/banner/dist/banner.js), rebuilt when its sources changed. Not skipped with
// ASSENT_SKIP_WEB_BUILD: it is part of the API's surface, and a build takes seconds.
{
  const banner = join(root, 'packages/banner');
  const built = mtime(join(banner, 'dist/banner.js'));
  const sources = Math.max(
    newest(join(banner, 'src')),
    mtime(join(banner, 'vite.config.ts')),
    mtime(join(banner, 'package.json')),
  );
  if (existsSync(join(banner, 'vite.config.ts')) && (!built || sources > built)) {
    console.error('Building @assent/banner…');
    execFileSync('pnpm', ['--filter', '@assent/banner', 'build'], { cwd: root, stdio: 'inherit' });
  }
}
