import { ApolloArmor } from '@escape.tech/graphql-armor';

/**
 * graphql-armor's limits on what one operation may ask (depth, cost, aliases, directives), one configuration for both
 * transports: Apollo takes the plugins and validation rules (graphql/apollo.ts), graphql-ws the validation rules
 * (http/websocket.ts), so an operation refused over HTTP is refused over a WebSocket too.
 */
export function armorProtection() {
  return new ApolloArmor({
    maxDepth: { n: 12 },
    costLimit: { maxCost: 20000 },
    maxAliases: { n: 30 },
    maxDirectives: { n: 20 },
    // Armor's token limit parses in a plugin hook, where a syntax error becomes HTTP 500; graphql-js enforces it in
    // parse() (MAX_LEXICAL_TOKENS).
    maxTokens: { enabled: false },
  }).protect();
}

/** The most lexical tokens a document may have (graphql-js's parse option maxTokens), on both transports. */
export const MAX_LEXICAL_TOKENS = 30000;
