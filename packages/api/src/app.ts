import { createProviders, type ModelCatalog } from '@chatbot/ai';
import type { Config } from '@chatbot/config';
import type { Database } from '@chatbot/db';
import { createAccessTokens, type AccessTokens } from './auth/accessTokens';
import { GenerationRunner, type GenerationObserver } from './generation/runner';
import { silentLogger, type Logger } from './logger';
import { createMemoryControlBus, type ControlBus } from './realtime/controlBus';
import type { EventLog } from './realtime/eventLog';
import { createMemoryEventLog } from './realtime/memoryEventLog';
import { configureSubscriptionStreams } from './trpc';

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
  readonly events: EventLog;
  readonly bus: ControlBus;
  readonly generations: GenerationRunner;
  readonly logger: Logger;
  /** Let replies finish within the grace period (storing the rest as they are), then release. */
  close(): Promise<void>;
}

export interface CreateAppOptions {
  config: Config;
  database: Database;
  /** @default the providers the configuration names (the echo model when none) */
  models?: ModelCatalog;
  /** @default an in-process event log bounded by EVENT_LOG_SIZE / EVENT_LOG_TTL_SECONDS */
  events?: EventLog;
  /** @default an in-process control bus */
  bus?: ControlBus;
  logger?: Logger;
  observer?: GenerationObserver;
}

export async function createApp(options: CreateAppOptions): Promise<App> {
  const { config, database } = options;
  const logger = options.logger ?? silentLogger;
  const models = options.models ?? createProviders(config);
  const events =
    options.events ??
    createMemoryEventLog({
      maxEvents: config.streaming.eventLogSize,
      ttlMs: config.streaming.eventLogTtlSeconds * 1000,
    });
  const bus = options.bus ?? createMemoryControlBus();
  const generations = new GenerationRunner({
    prisma: database.prisma,
    models,
    events,
    bus,
    logger,
    checkpointIntervalMs: config.streaming.checkpointIntervalMs,
    historyTokenBudget: config.ai.historyTokenBudget,
    observer: options.observer,
  });
  configureSubscriptionStreams(config.streaming);

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
    events,
    bus,
    generations,
    logger,
    async close() {
      await generations.drain(config.streaming.shutdownGraceMs);
      await events.close();
      await bus.close();
    },
  };
}
