export { ApiError, createGraphQLClient, isApiError } from './graphql-client';
export type { ApiErrorCode, GraphQLClientOptions, GraphQLRequest, TypedDocument } from './graphql-client';
export { GraphQLClientProvider, useGraphQLClient } from './graphql-client-context';
export { ErrorNotice, Loading } from './query-error';
export { saveFile } from './save-file';
export { diffWords, type DiffPart } from './word-diff';
export { receiptFacts, receiptFile, receiptFileName, type ReceiptFacts } from './receipt';
