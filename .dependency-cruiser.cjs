// `pnpm lint` runs dependency-cruiser with these rules (after eslint): no import cycles anywhere,
// and the server's layers import one way. The order a request passes them:
//   http/ (server.ts decides the path) → graphql/ → services/ (use cases) → packages/core + db/ (repositories)
// The dispatcher: outbox/ → db/ + sinks. composition-root.ts is the only module that wires them all;
// only the entry points (http/server.ts, cli.ts, tests, bench) import it; the dispatcher thread wires
// itself with outbox/dispatcher-wiring.ts, the same functions the composition root uses.
const SERVER = '^packages/server/src/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: the modules in it cannot be understood, tested or loaded one without the other.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'db-is-the-bottom-layer',
      severity: 'error',
      comment:
        'Repositories and raw readers/writers know the database only: not use cases, GraphQL, HTTP or the dispatcher.',
      from: { path: `${SERVER}db/` },
      to: { path: `${SERVER}(services|graphql|http|outbox|use-cases)/|${SERVER}composition-root\\.ts` },
    },
    {
      name: 'outbox-below-services',
      severity: 'error',
      comment: 'The dispatcher and its sinks use repositories; they do not build or call use cases, GraphQL or HTTP.',
      from: { path: `${SERVER}outbox/` },
      to: { path: `${SERVER}(services|graphql|http|use-cases)/|${SERVER}composition-root\\.ts` },
    },
    {
      name: 'use-cases-below-the-edge',
      severity: 'error',
      comment: 'Use cases know neither GraphQL nor HTTP; the edge calls them.',
      from: { path: `${SERVER}(services|use-cases)/` },
      to: { path: `${SERVER}(graphql|http)/|${SERVER}composition-root\\.ts` },
    },
    {
      name: 'graphql-below-http',
      severity: 'error',
      comment: 'GraphQL (schema, resolvers, Apollo) is served by http/, never the other way round.',
      from: { path: `${SERVER}graphql/` },
      to: { path: `${SERVER}http/|${SERVER}composition-root\\.ts` },
    },
    {
      name: 'core-is-pure',
      severity: 'error',
      comment: 'packages/core imports nothing of ours.',
      from: { path: '^packages/core/' },
      to: { path: '^packages/(?!core/)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|generated|gql|test-results|playwright-report)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'] },
  },
};
