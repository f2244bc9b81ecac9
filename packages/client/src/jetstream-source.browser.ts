import { AssentError } from './assent-error.ts';
import type { EventSource } from './event-source.ts';

// What a browser bundle gets in place of jetstream-source.ts (package.json "browser" map): NATS speaks TCP, which a
// page cannot open, and bundling `nats` would pull in Node's net and tls. A page follows the `consentChanged`
// subscription instead (source: 'subscription', over graphql-ws).

/** The stream the server publishes every event to (contract: subjects assent.>). */
export const STREAM = 'ASSENT';

/** Refuses: JetStream needs Node. */
export async function jetstreamSource(_o: {
  natsUrl: string;
  purposes: readonly string[];
  heartbeatMs: number;
}): Promise<EventSource> {
  throw new AssentError(
    'BAD_USER_INPUT',
    "source 'jetstream' needs Node (NATS over TCP); in a browser use source: 'subscription'.",
  );
}
