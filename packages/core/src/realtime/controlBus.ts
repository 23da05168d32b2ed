/**
 * Signals between instances that are not chat events: cancel reaches the instance that holds
 * the provider request; typing reaches the sockets of a session's room on every instance.
 * Neither is logged (a late listener has nothing to catch up on). In-process here; Redis
 * pub/sub when instances share Redis.
 */
export interface ControlBus {
  publishCancel(messageId: string): Promise<void>;
  onCancel(listener: (messageId: string) => void): () => void;
  publishTyping(signal: TypingSignal): Promise<void>;
  onTyping(listener: (signal: TypingSignal) => void): () => void;
  close(): Promise<void>;
}

/** Someone in a session's room started or stopped typing. */
export interface TypingSignal {
  sessionId: string;
  typing: boolean;
  /** The sending connection, so it does not hear itself. */
  origin: string;
}

/** One channel's listeners. */
export function listenerSet<T>() {
  const listeners = new Set<(value: T) => void>();
  return {
    add(listener: (value: T) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    emit(value: T) {
      for (const listener of listeners) listener(value);
    },
    clear: () => listeners.clear(),
  };
}

export function createMemoryControlBus(): ControlBus {
  const cancels = listenerSet<string>();
  const typings = listenerSet<TypingSignal>();
  return {
    async publishCancel(messageId) {
      cancels.emit(messageId);
    },
    onCancel: cancels.add,
    async publishTyping(signal) {
      typings.emit(signal);
    },
    onTyping: typings.add,
    async close() {
      cancels.clear();
      typings.clear();
    },
  };
}
