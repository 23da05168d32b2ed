/**
 * An async iterable fed by push(): the bridge between a listener callback and a subscription's
 * `for await`. Ends when `signal` aborts or `end()` is called.
 */
export function createEventQueue<T>(signal?: AbortSignal) {
  const buffered: T[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const finish = () => {
    ended = true;
    wake?.();
  };
  signal?.addEventListener('abort', finish, { once: true });

  async function* iterate(): AsyncGenerator<T> {
    try {
      for (;;) {
        while (buffered.length > 0) yield buffered.shift()!;
        if (ended || signal?.aborted) return;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      signal?.removeEventListener('abort', finish);
    }
  }

  return {
    push(item: T) {
      if (ended) return;
      buffered.push(item);
      wake?.();
    },
    end: finish,
    [Symbol.asyncIterator]: iterate,
  };
}
