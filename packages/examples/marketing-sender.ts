/**
 * Example downstream system: a marketing-email sender that enforces Assent where the data is used.
 * Right before each batch of emails it asks Assent whether each recipient may be emailed for
 * marketing-email — through a LocalDecider that follows NATS JetStream when NATS_URL is set (a
 * synchronous, fail-closed answer in process), else through the client's batched `decide` — skips
 * everyone denied, and puts RFC 8058 one-click unsubscribe headers on every email it sends.
 *
 *   ASSENT_URL=http://localhost:4000/graphql ASSENT_SERVICE_KEY=… [NATS_URL=nats://127.0.0.1:4222] \
 *     pnpm --filter @assent/examples marketing-sender recipients.json
 *
 * recipients.json: [{ "subjectId": "demo-subject", "email": "demo@example.com" }, …]. The mailer here
 * prints each email; a real sender hands it to its mail service.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createAssentClient,
  isAssentError,
  type AssentClient,
  type LocalDecider,
  type RemoteFallbackDecider,
  type LocalDecisionReason,
} from '@assent/client';

/** Someone a campaign may go to. */
export interface Recipient {
  subjectId: string;
  email: string;
}

/** One email as handed to the mail service. */
export interface Email {
  to: string;
  subject: string;
  text: string;
  headers: Record<string, string>;
}

/** The mail service. */
export interface Mailer {
  send(email: Email): Promise<void>;
}

/** What a campaign did: who got it, and who was skipped and why. */
export interface CampaignResult {
  sent: string[];
  skipped: { subjectId: string; reason: LocalDecisionReason | string }[];
}

/** Recipients asked about at once: one decideMany request, then their emails, then the next batch. */
const BATCH = 100;

/** Builds the sender over an Assent client (and, optionally, a LocalDecider for the purpose). */
export function createMarketingSender(opts: {
  client: AssentClient;
  mailer: Mailer;
  decider?: LocalDecider | RemoteFallbackDecider;
  purposeKey?: string;
  log?: (line: string) => void;
}) {
  const purposeKey = opts.purposeKey ?? 'marketing-email';
  const log = opts.log ?? ((line: string) => console.log(line));
  /** Who was dropped from the segment after withdrawing (kept for the demo's output). */
  const dropped = new Set<string>();
  opts.decider?.on('change', (c) => {
    if (c.purposeKey === purposeKey && !c.allowed) dropped.add(c.subjectId);
  });

  /** May this batch be emailed now? Denied (never thrown) when Assent cannot answer: fail closed. */
  async function decisions(batch: Recipient[]): Promise<{ allowed: boolean; reason: string }[]> {
    // Local and synchronous while the decider is live; with onStale 'remote', the server's answer while it is stale.
    if (opts.decider) return Promise.all(batch.map(async (r) => opts.decider!.decide(r.subjectId, purposeKey)));
    // Calls in the same tick share one decideMany request.
    return Promise.all(
      batch.map((r) =>
        opts.client
          .decide(r.subjectId, purposeKey)
          .catch((e: unknown) => ({ allowed: false, reason: isAssentError(e) ? e.code : 'ERROR' })),
      ),
    );
  }

  return {
    dropped,
    /** Sends one email to every recipient Assent allows, each with one-click unsubscribe headers. */
    async sendCampaign(recipients: Recipient[], content: { subject: string; text: string }): Promise<CampaignResult> {
      const result: CampaignResult = { sent: [], skipped: [] };
      for (let i = 0; i < recipients.length; i += BATCH) {
        const batch = recipients.slice(i, i + BATCH);
        const answers = await decisions(batch);
        for (const [k, r] of batch.entries()) {
          const d = answers[k]!;
          if (!d.allowed) {
            result.skipped.push({ subjectId: r.subjectId, reason: d.reason });
            log(`skip ${r.subjectId}: ${d.reason}`);
            continue;
          }
          let link;
          try {
            link = await opts.client.issueUnsubscribeLink(r.subjectId, purposeKey);
          } catch (e) {
            // Every marketing email must carry a working unsubscribe: no link, no email.
            result.skipped.push({ subjectId: r.subjectId, reason: isAssentError(e) ? e.code : 'ERROR' });
            log(`skip ${r.subjectId}: no unsubscribe link (${(e as Error).message})`);
            continue;
          }
          await opts.mailer.send({
            to: r.email,
            subject: content.subject,
            text: `${content.text}\n\nUnsubscribe: ${link.url}`,
            headers: { 'List-Unsubscribe': link.listUnsubscribe, 'List-Unsubscribe-Post': link.listUnsubscribePost },
          });
          result.sent.push(r.subjectId);
        }
      }
      return result;
    },
  };
}

// Run directly: send one campaign to the recipients in the file given.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const url = process.env.ASSENT_URL ?? 'http://localhost:4000/graphql';
  const token = process.env.ASSENT_SERVICE_KEY;
  const file = process.argv[2];
  if (!token || !file) {
    console.error(
      'Usage: ASSENT_SERVICE_KEY=… [ASSENT_URL=…] [NATS_URL=…] pnpm --filter @assent/examples marketing-sender recipients.json',
    );
    process.exit(1);
  }
  // pnpm runs this in packages/examples: a relative path is the caller's (pnpm's INIT_CWD).
  const recipients = JSON.parse(
    fs.readFileSync(path.resolve(process.env.INIT_CWD ?? process.cwd(), file), 'utf8'),
  ) as Recipient[];
  const client = createAssentClient({ url, token, retry: { rateLimited: true, maxRetries: 5 } });
  const decider = process.env.NATS_URL
    ? await client.localDecisions({
        purposes: [process.env.PURPOSE_KEY ?? 'marketing-email'],
        source: 'jetstream',
        natsUrl: process.env.NATS_URL,
        onStale: 'remote',
      })
    : undefined;
  const mailer: Mailer = {
    send: async (e) =>
      console.log(
        `--- to ${e.to}\nList-Unsubscribe: ${e.headers['List-Unsubscribe']}\nList-Unsubscribe-Post: ${e.headers['List-Unsubscribe-Post']}\nSubject: ${e.subject}\n\n${e.text}\n`,
      ),
  };
  const sender = createMarketingSender({ client, mailer, decider, purposeKey: process.env.PURPOSE_KEY });
  const r = await sender.sendCampaign(recipients, { subject: 'News from us', text: 'Here is what is new this month.' });
  console.log(`sent ${r.sent.length}, skipped ${r.skipped.length}`);
  await decider?.close();
}
