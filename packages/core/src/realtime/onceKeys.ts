import type { Redis } from 'ioredis';

/**
 * Keys that can be claimed once while they live (a single-use credential's id, kept until the
 * credential expires). In-process, or on Redis so a key used on one instance is used on all.
 */
export interface OnceKeys {
  /** True for the first claim of `key` within `ttlMs`, false for every later one. */
  claim(key: string, ttlMs: number): Promise<boolean>;
}

export function createMemoryOnceKeys(): OnceKeys {
  const expiries = new Map<string, number>();
  let sweepAt = 1_000;
  return {
    async claim(key, ttlMs) {
      const now = Date.now();
      // Forget expired keys whenever the map has doubled: memory follows the live keys.
      if (expiries.size >= sweepAt) {
        for (const [claimed, expiresAt] of expiries) if (expiresAt <= now) expiries.delete(claimed);
        sweepAt = Math.max(1_000, expiries.size * 2);
      }
      const expiresAt = expiries.get(key);
      if (expiresAt !== undefined && expiresAt > now) return false;
      expiries.set(key, now + Math.max(1, ttlMs));
      return true;
    },
  };
}

export function createRedisOnceKeys({
  client,
  prefix,
}: {
  client: Redis;
  prefix: string;
}): OnceKeys {
  return {
    async claim(key, ttlMs) {
      const set = await client.set(`${prefix}once:${key}`, '1', 'PX', Math.max(1, ttlMs), 'NX');
      return set === 'OK';
    },
  };
}
