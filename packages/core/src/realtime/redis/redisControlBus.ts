import type { Redis } from 'ioredis';
import { listenerSet, type ControlBus, type TypingSignal } from '../controlBus';

type Command = { type: 'cancel'; messageId: string } | ({ type: 'typing' } & TypingSignal);

/** The control bus over Redis pub/sub: every instance hears every command. */
export function createRedisControlBus(options: {
  commands: Redis;
  subscriber: Redis;
  prefix: string;
}): ControlBus {
  const channel = `${options.prefix}control`;
  const cancels = listenerSet<string>();
  const typings = listenerSet<TypingSignal>();
  void options.subscriber.subscribe(channel).catch(() => {});
  options.subscriber.on('message', (from: string, payload: string) => {
    if (from !== channel) return;
    const command = JSON.parse(payload) as Command;
    if (command.type === 'cancel') cancels.emit(command.messageId);
    if (command.type === 'typing') {
      const { sessionId, typing, origin } = command;
      typings.emit({ sessionId, typing, origin });
    }
  });
  const publish = async (command: Command) => {
    await options.commands.publish(channel, JSON.stringify(command));
  };
  return {
    publishCancel: (messageId) => publish({ type: 'cancel', messageId }),
    onCancel: cancels.add,
    publishTyping: (signal) => publish({ type: 'typing', ...signal }),
    onTyping: typings.add,
    async close() {
      cancels.clear();
      typings.clear();
      options.subscriber.disconnect();
    },
  };
}
