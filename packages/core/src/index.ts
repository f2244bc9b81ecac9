// The public API of @assent/core: the consent rules as pure functions, types and input schemas.
export * from './errors';
export * from './types';
export * from './purposes';
export * from './hash';
export * from './notice';
export * from './ledger-hash';
export * from './consent-status';
export * from './decide';
export * from './schemas';
export * from './consent-write';
export * from './webhook-url';
export * from './webhook-routing';
export * from './webhook-delivery';
