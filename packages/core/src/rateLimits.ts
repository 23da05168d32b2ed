import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { DomainError, isDomainError } from './errors';

export type RateLimitBucket = 'send' | 'auth';

/** Per-key budgets (per user for sends, per IP and per account for sign-in), shared by all instances. */
export interface RateLimits {
  /** Spend one request of `key`'s budget, or throw TOO_MANY_REQUESTS with a retry delay. */
  consume(bucket: RateLimitBucket, key: string): Promise<void>;
}

export interface RateLimitSettings {
  enabled: boolean;
  sendsPerMinute: number;
  authPerMinute: number;
}

const MINUTE = 60;

function limiters(settings: RateLimitSettings, redis?: { client: Redis; prefix: string }) {
  const make = (bucket: RateLimitBucket, points: number): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ keyPrefix: bucket, points, duration: MINUTE });
    if (!redis) return memory;
    // With Redis down, an in-memory limiter per instance keeps some protection in place.
    return new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: `${redis.prefix}ratelimit:${bucket}`,
      points,
      duration: MINUTE,
      insuranceLimiter: memory,
    });
  };
  return {
    send: make('send', settings.sendsPerMinute),
    auth: make('auth', settings.authPerMinute),
  };
}

export function createRateLimits(
  settings: RateLimitSettings,
  redis?: { client: Redis; prefix: string },
): RateLimits {
  if (!settings.enabled) return { consume: async () => {} };
  const byBucket = limiters(settings, redis);
  return {
    async consume(bucket, key) {
      try {
        await byBucket[bucket].consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        throw new DomainError(
          'TOO_MANY_REQUESTS',
          `Too many requests; try again in ${seconds} s`,
          undefined,
          seconds,
        );
      }
    },
  };
}

/** Headers for a tRPC response whose error is a rate limit (the HTTP adapters' responseMeta). */
export function retryAfterHeaders(
  errors: readonly { cause?: unknown }[],
): Record<string, string> | undefined {
  for (const error of errors) {
    const seconds = isDomainError(error.cause) ? error.cause.retryAfterSeconds : undefined;
    if (seconds) return { 'retry-after': String(seconds) };
  }
  return undefined;
}
