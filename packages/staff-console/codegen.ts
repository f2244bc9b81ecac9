import type { CodegenConfig } from '@graphql-codegen/cli';

// Typed operations for the staff console, generated from the server's SDL.
// The output in src/gql/ is kept in the tree so a fresh clone builds without
// running codegen; run `pnpm --filter @assent/staff-console codegen` after
// changing an operation or the schema.
const config: CodegenConfig = {
  schema: '../server/src/graphql/schema/*.graphql',
  documents: ['src/**/*.{ts,tsx}', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: {
        // Fragments are shared field lists here, not component-owned data.
        fragmentMasking: false,
      },
      config: {
        // Plain strings: our fetch client sends them as-is, so `graphql` (the
        // library) never reaches the browser bundle.
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
