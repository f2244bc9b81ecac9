import { pino, type Logger } from 'pino';

/**
 * The structured logger (JSON lines; pipe through pino-pretty to read them in a terminal): on stdout, or on stderr
 * with `fd` 2, as the CLI has it.
 */
export function createLogger(level: string, fd: 1 | 2 = 1): Logger {
  const options = { level, base: { service: 'assent' }, redact: ['req.headers.authorization', 'authorization'] };
  return fd === 1 ? pino(options) : pino(options, pino.destination(2));
}
export type { Logger };
