import { pino, type Logger } from 'pino';

/** The structured logger (JSON lines; pipe through pino-pretty to read them in a terminal). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'assent' }, redact: ['req.headers.authorization', 'authorization'] });
}
export type { Logger };
