/**
 * Commands for whichever instance runs a generation: cancel reaches the instance that holds
 * the provider request. In-process here; Redis pub/sub when instances share Redis.
 */
export interface ControlBus {
  publishCancel(messageId: string): Promise<void>;
  onCancel(listener: (messageId: string) => void): () => void;
  close(): Promise<void>;
}

export function createMemoryControlBus(): ControlBus {
  const listeners = new Set<(messageId: string) => void>();
  return {
    async publishCancel(messageId) {
      for (const listener of listeners) listener(messageId);
    },
    onCancel(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
    },
  };
}
