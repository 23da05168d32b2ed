import { createProviders, type ModelCatalog } from '@chatbot/ai';
import type { Config } from '@chatbot/config';
import type { Database } from '@chatbot/db';
import { createAccessTokens, type AccessTokens } from './auth/accessTokens';
import { GenerationRunner } from './generation/runner';
import { silentLogger, type Logger } from './logger';

/**
 * Everything the procedures need, built once by the process that hosts the router (the
 * standalone server, the web app, a test) and handed to every request through the context.
 * Realtime state lives here, never at module scope.
 */
export interface App {
  readonly config: Config;
  readonly database: Database;
  readonly models: ModelCatalog;
  readonly accessTokens: AccessTokens;
  readonly generations: GenerationRunner;
  readonly logger: Logger;
  /** Stop generations (storing their partial text) and release what the app opened. */
  close(): Promise<void>;
}

export interface CreateAppOptions {
  config: Config;
  database: Database;
  /** @default the providers the configuration names (the echo model when none) */
  models?: ModelCatalog;
  logger?: Logger;
}

export async function createApp(options: CreateAppOptions): Promise<App> {
  const { config, database } = options;
  const logger = options.logger ?? silentLogger;
  const models = options.models ?? createProviders(config);
  const generations = new GenerationRunner({
    prisma: database.prisma,
    models,
    checkpointIntervalMs: config.streaming.checkpointIntervalMs,
    historyTokenBudget: config.ai.historyTokenBudget,
    onError: (error, job) => logger.warn({ err: error, ...job }, 'generation failed'),
  });

  // One process owns every reply when realtime is in-process: whatever is still `streaming`
  // now was cut off by a crash. Keep its partial text and say so.
  const recovered = await database.prisma.message.updateMany({
    where: { status: 'streaming' },
    data: { status: 'interrupted' },
  });
  if (recovered.count > 0) logger.info({ count: recovered.count }, 'marked interrupted replies');

  return {
    config,
    database,
    models,
    accessTokens: createAccessTokens(config.auth.jwtSecret, config.auth.accessTokenTtlSeconds),
    generations,
    logger,
    async close() {
      await generations.drain(true);
    },
  };
}
