import { parseEnv } from './env.ts';
import { attachBenchProbe } from './http/bench-probe.ts';
import { startApp } from './http/server.ts';
import { createLogger } from './logger.ts';

/** `pnpm start`: run Assent until SIGINT/SIGTERM. */
async function main() {
  let env;
  try {
    env = parseEnv();
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
  const logger = createLogger(env.LOG_LEVEL);
  const app = await startApp(env, { logger });
  // pnpm bench's per-request probe (scenario 4); nothing is attached without the variable.
  if (env.ASSENT_BENCH_PROBE) attachBenchProbe(app.server, env.ASSENT_BENCH_PROBE);
  const publicUrl = env.ASSENT_PUBLIC_URL ?? `http://localhost:${new URL(app.url).port}`;
  const lines = [
    `Assent is running on ${app.core.db.kind}.`,
    `  GraphQL API:     ${publicUrl}/graphql`,
    `  Privacy center:  ${publicUrl}/`,
    `  Staff console:   ${publicUrl}/staff/`,
    `  Health:          ${publicUrl}/healthz`,
    `  Public keys:     ${publicUrl}/.well-known/jwks.json (verify receipts and checkpoints)`,
    `  Consent banner:  ${publicUrl}/banner.js`,
  ];
  if (!env.ASSENT_ADMIN_TOKEN)
    lines.push(
      `  Admin token (generated for this run, shown once; set ASSENT_ADMIN_TOKEN to choose one):`,
      `    ${app.core.adminToken}`,
    );
  if (env.NODE_ENV !== 'production') {
    const { token } = await app.core.auth.issueSubjectToken('demo-subject', 8 * 3600);
    lines.push(`  Demo privacy-center link (subject 'demo-subject', valid 8 h):`, `    ${publicUrl}/#token=${token}`);
  }
  console.log(lines.join('\n'));
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    // In-flight requests get Apollo's drain (up to 10 s, then their sockets are closed); this is the last resort.
    const force = setTimeout(() => {
      logger.error('shutdown did not finish within 20 s; exiting anyway');
      process.exit(1);
    }, 20_000);
    force.unref();
    const started = performance.now();
    let code = 0;
    await app.close().catch((e) => {
      code = 1;
      logger.error({ err: e }, 'shutdown failed');
    });
    logger.info({ ms: Math.round(performance.now() - started) }, 'shut down');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
