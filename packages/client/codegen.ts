import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations for @assent/client, generated from the server's SDL (the public contract and the
// server's extensions) plus the snapshot query this package needs (schema/extensions.graphql).
// The output in src/gql/ is committed so a fresh clone builds without running codegen; run
// `pnpm --filter @assent/client codegen` after changing an operation or the schema.
const config: CodegenConfig = {
  schema: [
    '../server/src/graphql/schema/contract.graphql',
    '../server/src/graphql/schema/extensions.graphql',
    'schema/extensions.graphql',
  ],
  documents: ['src/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        // Plain strings sent as-is: `graphql` (the library) never reaches a bundle.
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
        // Relative imports with .ts, rewritten to .js by the build (tsconfig.build.json).
        importExtension: '.ts',
      },
    },
  },
};

export default config;
