import { setMaxListeners } from 'node:events';
import type { App } from '@chatbot/core';

export interface StreamSlot {
  /** The stream started reading: it keeps the slot until `release` (taken again if it lapsed). */
  claim(): void;
  release(): void;
}

/**
 * A stream slot for one subscription (429 when the user holds them all), freed exactly once:
 * when the stream ends, when its call or its connection is aborted, or when no transport
 * starts reading it within a keep-alive interval. tRPC drops the stream of a call it refuses
 * after the procedure ran (a WebSocket subscription id already in use) without ever starting
 * it, so neither the stream's `finally` nor its call's signal would free that slot.
 */
export function holdStreamSlot(
  app: App,
  userId: string,
  transport: 'sse' | 'ws',
  signals: (AbortSignal | undefined)[],
): StreamSlot {
  const { subscriptionSlots, metrics } = app;
  let free: (() => void) | undefined;
  const take = () => {
    free = subscriptionSlots.acquire(userId);
    // The gauge follows the slots themselves: /metrics shows what is really held.
    metrics.openSubscriptions.inc({ transport });
  };
  const release = () => {
    clearTimeout(unclaimed);
    for (const signal of signals) signal?.removeEventListener('abort', release);
    if (!free) return;
    free();
    free = undefined;
    metrics.openSubscriptions.dec({ transport });
  };
  take();
  const unclaimed = setTimeout(release, app.config.streaming.keepAliveMs);
  unclaimed.unref();
  for (const signal of signals) {
    if (!signal) continue;
    // One WebSocket connection's signal serves all its streams, up to the per-user cap.
    setMaxListeners(app.config.streaming.maxSubscriptionsPerUser + 10, signal);
    if (signal.aborted) release();
    else signal.addEventListener('abort', release, { once: true });
  }
  return {
    claim() {
      clearTimeout(unclaimed);
      if (!free && !signals.some((signal) => signal?.aborted)) take();
    },
    release,
  };
}
