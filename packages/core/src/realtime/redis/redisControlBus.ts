import type { Redis } from 'ioredis';
import type { ControlBus } from '../controlBus';

/** Cancel requests over Redis pub/sub: they reach the instance that runs the generation. */
export function createRedisControlBus(options: {
  commands: Redis;
  subscriber: Redis;
  prefix: string;
}): ControlBus {
  const channel = `${options.prefix}control`;
  const listeners = new Set<(messageId: string) => void>();
  void options.subscriber.subscribe(channel).catch(() => {});
  options.subscriber.on('message', (from: string, payload: string) => {
    if (from !== channel) return;
    const command = JSON.parse(payload) as { type: string; messageId: string };
    if (command.type === 'cancel') for (const listener of listeners) listener(command.messageId);
  });
  return {
    async publishCancel(messageId) {
      await options.commands.publish(channel, JSON.stringify({ type: 'cancel', messageId }));
    },
    onCancel(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      options.subscriber.disconnect();
    },
  };
}
