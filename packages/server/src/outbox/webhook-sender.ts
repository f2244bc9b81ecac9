import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isForbiddenWebhookHost, signingSecretsAt, type WebhookSecrets } from '@assent/core';
import { Webhook as StandardWebhook } from 'standardwebhooks';

/** Response bodies are read (and dropped) up to this size. */
const MAX_RESPONSE_BYTES = 64 * 1024;

/**
 * The Standard Webhooks headers of one attempt, signed for this attempt's timestamp by every secret that signs at
 * that instant (after a rotation, the new and the replaced one until its grace period ends), space-separated.
 */
export function signedHeaders(
  secrets: WebhookSecrets,
  eventId: string,
  body: string,
  at: Date,
): Record<string, string> {
  const seconds = Math.floor(at.getTime() / 1000);
  const timestamp = new Date(seconds * 1000);
  return {
    'content-type': 'application/cloudevents+json',
    'webhook-id': eventId,
    'webhook-timestamp': String(seconds),
    'webhook-signature': signingSecretsAt(secrets, at)
      .map((secret) => new StandardWebhook(secret).sign(eventId, timestamp, body))
      .join(' '),
  };
}

/**
 * dns.lookup that refuses link-local and metadata addresses, applied when the connection is made:
 * a name that pointed somewhere harmless at registration cannot be re-pointed at 169.254.169.254.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, '', 0);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => isForbiddenWebhookHost(a.address));
    if (bad || list.length === 0) {
      const e = Object.assign(
        new Error(
          bad
            ? `${hostname} resolves to ${bad.address}, a link-local or cloud-metadata address`
            : `${hostname} has no address`,
        ),
        { code: 'EADDRNOTAVAIL' },
      );
      return callback(e, '', 0);
    }
    if ((options as dns.LookupOptions).all)
      return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    callback(null, list[0]!.address, list[0]!.family);
  });
};

/** What an attempt got back: the HTTP status, or null with the error when there was no answer. */
export interface PostResult {
  status: number | null;
  error?: string;
}

/** POSTs webhook bodies over keep-alive connections; every attempt ends within `timeoutMs`. */
export function webhookSender(opts: { timeoutMs: number; userAgent: string; maxSockets?: number }) {
  const agentOpts = { keepAlive: true, maxSockets: opts.maxSockets ?? 32, lookup: guardedLookup };
  const httpAgent = new http.Agent(agentOpts);
  const httpsAgent = new https.Agent(agentOpts);

  return {
    /** Sends one attempt. Redirects are not followed (a 3xx is a failed attempt). */
    post(url: string, headers: Record<string, string>, body: string): Promise<PostResult> {
      return new Promise<PostResult>((resolve) => {
        let settled = false;
        const done = (r: PostResult) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(r);
        };
        let target: URL;
        try {
          target = new URL(url);
        } catch {
          return done({ status: null, error: 'invalid URL' });
        }
        const isHttps = target.protocol === 'https:';
        const req = (isHttps ? https : http).request(target, {
          method: 'POST',
          agent: isHttps ? httpsAgent : httpAgent,
          lookup: guardedLookup,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), 'user-agent': opts.userAgent },
        });
        const timer = setTimeout(() => {
          done({ status: null, error: `no answer within ${opts.timeoutMs} ms` });
          req.destroy(new Error('timeout'));
        }, opts.timeoutMs);
        req.on('response', (res) => {
          // The status is the answer. The body is read and dropped so the connection can be reused,
          // unless it is large or slow: then the connection is closed instead.
          let bytes = 0;
          const drop = setTimeout(() => res.destroy(), opts.timeoutMs);
          drop.unref();
          res.on('data', (c: Buffer) => {
            bytes += c.length;
            if (bytes > MAX_RESPONSE_BYTES) res.destroy();
          });
          res.on('close', () => clearTimeout(drop));
          res.on('error', () => {});
          done({ status: res.statusCode ?? null });
        });
        req.on('error', (e) => done({ status: null, error: (e as Error).message }));
        req.end(body);
      });
    },
    /** Closes idle connections. */
    close() {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}

/** The sender's type. */
export type WebhookSender = ReturnType<typeof webhookSender>;
