import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';

/**
 * Who runs which generation. The running instance holds a lease per reply and renews it; a reply
 * left `streaming` whose lease is gone belongs to an instance that died.
 */
export interface GenerationLeases {
  readonly instanceId: string;
  acquire(messageId: string): Promise<void>;
  release(messageId: string): Promise<void>;
  /** Of these replies, the ones no live instance holds. */
  unheld(messageIds: string[]): Promise<string[]>;
  close(): Promise<void>;
}

/** One process owns every reply: its own set is the whole truth. */
export function createMemoryLeases(): GenerationLeases {
  const held = new Set<string>();
  return {
    instanceId: randomUUID(),
    acquire: async (messageId) => void held.add(messageId),
    release: async (messageId) => void held.delete(messageId),
    unheld: async (messageIds) => messageIds.filter((id) => !held.has(id)),
    close: async () => held.clear(),
  };
}

export function createRedisLeases(options: {
  commands: Redis;
  prefix: string;
  ttlMs: number;
}): GenerationLeases {
  const { commands, ttlMs } = options;
  const instanceId = randomUUID();
  const keyOf = (messageId: string) => `${options.prefix}lease:${messageId}`;
  const held = new Set<string>();
  const renew = async () => {
    if (held.size === 0) return;
    const pipeline = commands.pipeline();
    for (const messageId of held) pipeline.set(keyOf(messageId), instanceId, 'PX', ttlMs);
    await pipeline.exec().catch(() => {}); // Redis away: the next renewal tries again
  };
  const timer = setInterval(() => void renew(), Math.max(250, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    instanceId,
    async acquire(messageId) {
      held.add(messageId);
      await commands.set(keyOf(messageId), instanceId, 'PX', ttlMs).catch(() => {});
    },
    async release(messageId) {
      held.delete(messageId);
      await commands.del(keyOf(messageId)).catch(() => {});
    },
    async unheld(messageIds) {
      if (messageIds.length === 0) return [];
      const owners = await commands.mget(...messageIds.map(keyOf));
      return messageIds.filter((_, index) => owners[index] === null);
    },
    async close() {
      clearInterval(timer);
      held.clear();
    },
  };
}
