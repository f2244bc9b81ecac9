import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { repoRoot } from '../env.ts';

/**
 * Serves the built privacy center at / and the staff console at /staff, with client-side routing. Without
 * `sourceMaps` their *.map files (the original source of both apps) answer 404.
 */
export function serveWebApps(app: express.Express, opts: { sourceMaps: boolean }): void {
  if (!opts.sourceMaps)
    app.use((req, res, next) => {
      if (!req.path.endsWith('.map')) return next();
      res.status(404).type('text/plain').send('Not found.');
    });
  const spa = (mount: string, dist: string) => {
    if (!fs.existsSync(path.join(dist, 'index.html'))) return false;
    app.use(mount, express.static(dist, { index: false, maxAge: '1h' }));
    app.get(mount === '/' ? /^\/(?!graphql|healthz|staff).*/ : new RegExp(`^${mount}(/.*)?$`), (req, res, next) => {
      if (!req.accepts('html')) return next();
      res.setHeader('Cache-Control', 'no-cache');
      res.sendFile(path.join(dist, 'index.html'));
    });
    return true;
  };
  spa('/staff', path.join(repoRoot, 'packages/staff-console/dist'));
  if (!spa('/', path.join(repoRoot, 'packages/privacy-center/dist'))) {
    app.get(
      '/',
      (_req, res) =>
        void res
          .type('text/plain')
          .send(
            'Assent API is running at /graphql. The privacy center is not built: run pnpm --filter @assent/privacy-center build.',
          ),
    );
  }
}
