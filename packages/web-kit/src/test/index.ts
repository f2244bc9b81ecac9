// Test helpers for the apps' vitest suites (imports vitest: never from app code).
export { installAppTestHooks } from './app-test-hooks';
export {
  graphqlError,
  stubGraphQLFetch,
  type GraphQLBody,
  type GraphQLResolver,
  type SentRequest,
} from './graphql-fetch';
