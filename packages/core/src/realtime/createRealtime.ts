import type { Config } from '@chatbot/config';
import { Redis } from 'ioredis';
import type { Logger } from '../logger';
import { createRateLimits, type RateLimits } from '../rateLimits';
import { createMemoryControlBus, type ControlBus } from './controlBus';
import type { EventLog } from './eventLog';
import { createMemoryLeases, createRedisLeases, type GenerationLeases } from './leases';
import { createMemoryEventLog } from './memoryEventLog';
import { createMemoryOnceKeys, createRedisOnceKeys, type OnceKeys } from './onceKeys';
import { createRedisControlBus } from './redis/redisControlBus';
import { createRedisEventLog } from './redis/redisEventLog';

/** The state shared between instances: in-process, or on Redis when REDIS_URL is set. */
export interface Realtime {
  readonly mode: 'memory' | 'redis';
  readonly events: EventLog;
  readonly bus: ControlBus;
  readonly leases: GenerationLeases;
  readonly rateLimits: RateLimits;
  /** Single-use ids (stream tickets), shared by every instance. */
  readonly onceKeys: OnceKeys;
  /** Resolves when the shared store answers (always, in-process). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface RealtimeOptions {
  /** Key prefix in Redis, so several deployments (or tests) can share one server. @default REDIS_PREFIX */
  redisPrefix?: string;
}

function connect(url: string, logger: Logger, role: string, blocking = false) {
  const client = new Redis(url, {
    // Fail fast while disconnected (clear errors, no pile-up); blocking readers wait instead.
    enableOfflineQueue: blocking,
    maxRetriesPerRequest: blocking ? null : 1,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    lazyConnect: false,
  });
  let reported = false;
  client.on('error', (error) => {
    if (!reported) logger.warn({ err: error, role }, 'redis connection error');
    reported = true;
  });
  client.on('ready', () => {
    if (reported) logger.info({ role }, 'redis connection restored');
    reported = false;
  });
  return client;
}

function whenReady(client: Redis, timeoutMs: number) {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function createRealtime(
  config: Config,
  logger: Logger,
  options: RealtimeOptions = {},
): Promise<Realtime> {
  const { streaming } = config;
  if (!config.redisUrl) {
    return {
      mode: 'memory',
      events: createMemoryEventLog({
        maxEvents: streaming.eventLogSize,
        ttlMs: streaming.eventLogTtlSeconds * 1000,
      }),
      bus: createMemoryControlBus(),
      leases: createMemoryLeases(),
      rateLimits: createRateLimits(config.rateLimits),
      onceKeys: createMemoryOnceKeys(),
      ping: async () => {},
      close: async () => {},
    };
  }
  const prefix = options.redisPrefix ?? config.redisPrefix;
  const commands = connect(config.redisUrl, logger, 'commands');
  const reader = connect(config.redisUrl, logger, 'reader', true);
  const subscriber = connect(config.redisUrl, logger, 'subscriber', true);
  if (!(await whenReady(commands, 5_000)))
    logger.warn({}, 'redis is not reachable yet; /ready answers 503 until it is');

  const events = createRedisEventLog({
    commands,
    reader,
    prefix,
    maxEvents: streaming.eventLogSize,
    ttlMs: streaming.eventLogTtlSeconds * 1000,
    logger,
  });
  const bus = createRedisControlBus({ commands, subscriber, prefix });
  const leases = createRedisLeases({ commands, prefix, ttlMs: streaming.generationLeaseMs });
  return {
    mode: 'redis',
    events,
    bus,
    leases,
    rateLimits: createRateLimits(config.rateLimits, { client: commands, prefix }),
    onceKeys: createRedisOnceKeys({ client: commands, prefix }),
    async ping() {
      await commands.ping();
    },
    async close() {
      await leases.close();
      await bus.close();
      await events.close();
      commands.disconnect();
    },
  };
}
