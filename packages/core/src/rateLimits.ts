import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import { DomainError, isDomainError } from './errors';

/**
 * `send`: a user's sends per minute. `auth`: every sign-in and register attempt of one IP per
 * minute, and every refresh of one token family (keyed `refresh:<family>`). `signInFailures`: wrong passwords of one client (account and IP) per 15
 * minutes. `accountFailures`: wrong passwords for one account from anywhere, a larger budget.
 * `shareViews`: shared chats read by one IP per minute (no sign-in there, so the IP is the key).
 */
export type RateLimitBucket = 'send' | 'auth' | 'signInFailures' | 'accountFailures' | 'shareViews';

/** How much of a key's budget is spent in the current window. */
export interface BudgetState {
  spent: number;
  left: number;
  /** Until the window ends and the budget is whole again. */
  retryAfterSeconds: number;
}

/** Per-key budgets, shared by all instances (through Redis when there is one). */
export interface RateLimits {
  /** Spend one request of `key`'s budget, or throw TOO_MANY_REQUESTS with a retry delay. */
  consume(bucket: RateLimitBucket, key: string): Promise<void>;
  /** Look without spending. */
  get(bucket: RateLimitBucket, key: string): Promise<BudgetState>;
  /** Count one against `key` (a failure, noticed after the fact); never throws. */
  penalty(bucket: RateLimitBucket, key: string): Promise<void>;
  /** Forget what `key` spent (a success ends a run of failures). */
  reset(bucket: RateLimitBucket, key: string): Promise<void>;
}

export interface RateLimitSettings {
  enabled: boolean;
  sendsPerMinute: number;
  authPerMinute: number;
  /** Absent: 60. */
  shareViewsPerMinute?: number;
}

const MINUTE = 60;
const FAILURE_WINDOW = 15 * MINUTE;
/** An account guessed at from many IPs slows down only after this many times a client's budget. */
const ACCOUNT_FAILURE_FACTOR = 10;

/** TOO_MANY_REQUESTS with the Retry-After the adapters send. */
export function tooManyRequests(retryAfterSeconds: number): DomainError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new DomainError(
    'TOO_MANY_REQUESTS',
    `Too many requests; try again in ${seconds} s`,
    undefined,
    seconds,
  );
}

function limiters(settings: RateLimitSettings, redis?: { client: Redis; prefix: string }) {
  const make = (bucket: RateLimitBucket, points: number, duration: number) => {
    const memory = new RateLimiterMemory({ keyPrefix: bucket, points, duration });
    if (!redis) return memory;
    // With Redis down, an in-memory limiter per instance keeps some protection in place.
    return new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: `${redis.prefix}ratelimit:${bucket}`,
      points,
      duration,
      insuranceLimiter: memory,
    });
  };
  const budgets: Record<RateLimitBucket, RateLimiterAbstract> = {
    send: make('send', settings.sendsPerMinute, MINUTE),
    auth: make('auth', settings.authPerMinute, MINUTE),
    shareViews: make('shareViews', settings.shareViewsPerMinute ?? 60, MINUTE),
    signInFailures: make('signInFailures', settings.authPerMinute, FAILURE_WINDOW),
    accountFailures: make(
      'accountFailures',
      settings.authPerMinute * ACCOUNT_FAILURE_FACTOR,
      FAILURE_WINDOW,
    ),
  };
  return budgets;
}

const UNLIMITED: BudgetState = { spent: 0, left: Number.POSITIVE_INFINITY, retryAfterSeconds: 0 };

export function createRateLimits(
  settings: RateLimitSettings,
  redis?: { client: Redis; prefix: string },
): RateLimits {
  if (!settings.enabled) {
    return {
      consume: async () => {},
      get: async () => UNLIMITED,
      penalty: async () => {},
      reset: async () => {},
    };
  }
  const byBucket = limiters(settings, redis);
  return {
    async consume(bucket, key) {
      try {
        await byBucket[bucket].consume(key);
      } catch (rejection) {
        if (!(rejection instanceof RateLimiterRes)) throw rejection;
        throw tooManyRequests(rejection.msBeforeNext / 1000);
      }
    },
    async get(bucket, key) {
      const limiter = byBucket[bucket];
      const state = await limiter.get(key);
      if (!state) return { spent: 0, left: limiter.points, retryAfterSeconds: 0 };
      return {
        spent: state.consumedPoints,
        left: Math.max(0, limiter.points - state.consumedPoints),
        retryAfterSeconds: Math.max(1, Math.ceil(state.msBeforeNext / 1000)),
      };
    },
    async penalty(bucket, key) {
      await byBucket[bucket].penalty(key, 1);
    },
    async reset(bucket, key) {
      await byBucket[bucket].delete(key);
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
