/**
 * Example downstream system: a marketing-email sender that keeps its audience in step with Assent
 * through a webhook. It verifies every delivery's Standard Webhooks signature, keeps the subjects
 * who granted marketing-email, drops a subject the moment a withdrawal arrives, and shows the
 * audience at GET /audience.
 *
 *   ASSENT_WEBHOOK_SECRET=whsec_… PORT=4100 pnpm --filter @assent/examples marketing-sender
 *
 * The audience lives in memory: a real sender would store it (and the event ids it has seen).
 */
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { marketingAudience, type AssentEvent } from './marketing-audience.ts';

/** The largest webhook body accepted. */
const MAX_BODY = 1024 * 1024;

/** Builds the sender's HTTP server (not listening yet). */
export function createMarketingSender(opts: { secret: string; purposeKey?: string; log?: (line: string) => void }) {
  const purposeKey = opts.purposeKey ?? 'marketing-email';
  const verifier = new Webhook(opts.secret);
  const audience = marketingAudience(purposeKey);
  const log = opts.log ?? ((line: string) => console.log(line));

  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/audience') {
      const subjects = audience.subjects();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ purposeKey, count: subjects.length, subjects }));
      return;
    }
    if (req.method !== 'POST') return void res.writeHead(404).end();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) req.destroy();
      else chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let event: AssentEvent;
      try {
        // Verifies the HMAC over "<webhook-id>.<webhook-timestamp>.<body>" and that the timestamp is within 5 minutes.
        event = verifier.verify(body, req.headers as Record<string, string>) as AssentEvent;
      } catch {
        log(`refused a delivery with a bad signature (webhook-id ${req.headers['webhook-id'] ?? '-'})`);
        return void res.writeHead(401).end();
      }
      const outcome = audience.apply(event);
      if (outcome === 'applied' && event.data.record) log(`${event.data.record.action === 'GRANT' ? '+' : '-'} ${event.data.record.subjectId}`);
      res.writeHead(204).end();
    });
  });
  return { server, audience };
}

// Run directly: listen on PORT (default 4100).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const secret = process.env.ASSENT_WEBHOOK_SECRET;
  if (!secret?.startsWith('whsec_')) {
    console.error('Set ASSENT_WEBHOOK_SECRET to the secret registerWebhook returned (whsec_…).');
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 4100);
  const { server } = createMarketingSender({ secret, purposeKey: process.env.PURPOSE_KEY });
  server.listen(port, () => console.log(`marketing sender listening: POST webhooks to http://localhost:${port}/assent, audience at http://localhost:${port}/audience`));
}
