// The part of oidc-provider (a test-only dependency; it ships no types) that staff-oidc.integration-test.ts uses.
declare module 'oidc-provider' {
  import type { Server } from 'node:http';

  interface Account {
    accountId: string;
    claims: () => Record<string, unknown>;
  }

  interface Configuration {
    clients?: Record<string, unknown>[];
    claims?: Record<string, string[]>;
    findAccount?: (ctx: unknown, id: string) => Account | Promise<Account | undefined> | undefined;
    features?: Record<string, unknown>;
    cookies?: { keys?: string[] };
    [key: string]: unknown;
  }

  /** An OpenID Provider: a Koa application. */
  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    listen(port: number, host?: string): Server;
  }
}
