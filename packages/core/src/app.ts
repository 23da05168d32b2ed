import { createProviders, type ModelCatalog } from '@chatbot/ai';
import type { Config } from '@chatbot/config';
import type { Database } from '@chatbot/db';
import { createAccessTokens, type AccessTokens } from './accounts/accessTokens';
import { createStreamTickets, type StreamTickets } from './accounts/streamTickets';
import { createSubscriptionSlots, type SubscriptionSlots } from './realtime/subscriptionSlots';
import { createAttachmentStorage, uploadTempDir } from './attachments/createStorage';
import type { AttachmentStorage } from './attachments/storage';
import { sweepAttachments } from './attachments/sweep';
import { interruptOrphans } from './chat/orphans';
import { GenerationRunner, type GenerationObserver } from './chat/runner';
import { silentLogger, type Logger } from './logger';
import { createMetrics, type Metrics } from './metrics';
import type { RateLimits } from './rateLimits';
import type { ControlBus } from './realtime/controlBus';
import { createRealtime, type Realtime, type RealtimeOptions } from './realtime/createRealtime';
import type { EventLog } from './realtime/eventLog';

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
  /** Short-lived tickets that open one session's event stream (EventSource cannot send headers). */
  readonly streamTickets: StreamTickets;
  /** Per-user cap on open event streams (this instance). */
  readonly subscriptionSlots: SubscriptionSlots;
  readonly realtime: Realtime;
  readonly events: EventLog;
  readonly bus: ControlBus;
  readonly rateLimits: RateLimits;
  readonly generations: GenerationRunner;
  readonly metrics: Metrics;
  readonly logger: Logger;
  /** Where attachment bytes live (DATA_DIR or S3). */
  readonly storage: AttachmentStorage;
  /** This instance's folder for uploads being checked. */
  readonly uploadTempDir: string;
  /** Resolves when the database (and Redis, when configured) answer; rejects naming the one that does not. */
  ready(): Promise<void>;
  /** Let replies finish within the grace period (storing the rest as they are), then release. */
  close(): Promise<void>;
}

export interface CreateAppOptions extends RealtimeOptions {
  config: Config;
  database: Database;
  /** @default the providers the configuration names (the echo model when none) */
  models?: ModelCatalog;
  /** @default the store the configuration names */
  storage?: AttachmentStorage;
  logger?: Logger;
}

function metricsObserver(metrics: Metrics, models: ModelCatalog): GenerationObserver {
  const provider = (model: string) => models.resolve(model)?.provider.name ?? 'unknown';
  return {
    started: () => metrics.generationsInFlight.inc(),
    firstToken: (job, ms) =>
      metrics.firstTokenSeconds.observe({ provider: provider(job.model) }, ms / 1000),
    tokens: (job, count) => metrics.tokensStreamed.inc({ provider: provider(job.model) }, count),
    finished: (job, status, ms) => {
      metrics.generationsInFlight.dec();
      metrics.generationSeconds.observe({ provider: provider(job.model), status }, ms / 1000);
    },
  };
}

export async function createApp(options: CreateAppOptions): Promise<App> {
  const { config, database } = options;
  const logger = options.logger ?? silentLogger;
  const models = options.models ?? createProviders(config);
  const metrics = createMetrics();
  const realtime = await createRealtime(config, logger, options);
  const storage = options.storage ?? (await createAttachmentStorage(config));
  const generations = new GenerationRunner({
    prisma: database.prisma,
    models,
    events: realtime.events,
    bus: realtime.bus,
    leases: realtime.leases,
    logger,
    checkpointIntervalMs: config.streaming.checkpointIntervalMs,
    historyTokenBudget: config.ai.historyTokenBudget,
    storage,
    attachmentTextBudgetTokens: config.ai.attachmentTextBudgetTokens,
    observer: metricsObserver(metrics, models),
  });

  let sweeper: NodeJS.Timeout | undefined;
  if (realtime.mode === 'memory') {
    // One process owns every reply: whatever is still `streaming` now was cut off by a crash.
    const recovered = await database.prisma.message.updateMany({
      where: { status: 'streaming' },
      data: { status: 'interrupted' },
    });
    if (recovered.count > 0) logger.info({ count: recovered.count }, 'marked interrupted replies');
  } else {
    // Shared by many instances: a reply is an orphan only once its lease has expired.
    const leaseMs = config.streaming.generationLeaseMs;
    const sweep = () =>
      interruptOrphans({
        prisma: database.prisma,
        leases: realtime.leases,
        events: realtime.events,
        olderThanMs: leaseMs,
        logger,
      }).catch((error: unknown) => logger.warn({ err: error }, 'orphan sweep failed'));
    void sweep();
    sweeper = setInterval(() => void sweep(), Math.max(500, Math.floor(leaseMs / 2)));
    sweeper.unref();
  }

  // Files of deleted messages that an interrupted deletion left, and uploads never attached.
  const { orphanGraceMs } = config.attachments;
  const fileSweeper = setInterval(
    () =>
      void sweepAttachments({
        prisma: database.prisma,
        storage,
        graceMs: orphanGraceMs,
        logger,
      }).catch((error: unknown) => logger.warn({ err: error }, 'attachment sweep failed')),
    Math.max(1_000, Math.min(orphanGraceMs / 4, 10 * 60_000)),
  );
  fileSweeper.unref();

  return {
    config,
    database,
    models,
    accessTokens: createAccessTokens(config.auth.jwtSecret, config.auth.accessTokenTtlSeconds),
    streamTickets: createStreamTickets(config.auth.jwtSecret, undefined, realtime.onceKeys),
    subscriptionSlots: createSubscriptionSlots(config.streaming.maxSubscriptionsPerUser),
    realtime,
    events: realtime.events,
    bus: realtime.bus,
    rateLimits: realtime.rateLimits,
    generations,
    metrics,
    logger,
    storage,
    uploadTempDir: uploadTempDir(config),
    async ready() {
      await database.ping().catch((cause: unknown) => {
        throw new Error('database unreachable', { cause });
      });
      await realtime.ping().catch((cause: unknown) => {
        throw new Error('redis unreachable', { cause });
      });
    },
    async close() {
      clearInterval(sweeper);
      clearInterval(fileSweeper);
      await generations.drain(config.streaming.shutdownGraceMs);
      await realtime.close();
    },
  };
}
