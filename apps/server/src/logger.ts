import type { Config } from '@chatbot/config';
import { pino } from 'pino';

/** Structured JSON logs; each request's lines carry its request id. */
export function createLogger(config: Pick<Config, 'logLevel'>) {
  return pino({
    level: config.logLevel,
    base: { service: 'chatbot-server' },
    redact: ['req.headers.authorization', '*.password', '*.refreshToken', '*.accessToken'],
  });
}

export type ServerLogger = ReturnType<typeof createLogger>;
