import { describe, expect, it } from 'vitest';
import { createEventQueue } from './eventQueue';

async function drain<T>(iterable: AsyncIterable<T>) {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

describe('createEventQueue', () => {
  it('yields items pushed before and during iteration, in order', async () => {
    const queue = createEventQueue<number>();
    queue.push(1);
    queue.push(2);
    const iterator = queue[Symbol.asyncIterator]();
    expect(await iterator.next()).toEqual({ value: 1, done: false });
    expect(await iterator.next()).toEqual({ value: 2, done: false });
    const waiting = iterator.next();
    queue.push(3);
    expect(await waiting).toEqual({ value: 3, done: false });
  });

  it('after end() yields what is buffered, then finishes', async () => {
    const queue = createEventQueue<string>();
    queue.push('a');
    queue.push('b');
    queue.end();
    expect(await drain(queue)).toEqual(['a', 'b']);
  });

  it('ignores pushes after end()', async () => {
    const queue = createEventQueue<string>();
    queue.end();
    queue.push('late');
    expect(await drain(queue)).toEqual([]);
  });

  it('wakes a waiting consumer when ended', async () => {
    const queue = createEventQueue<string>();
    const iterator = queue[Symbol.asyncIterator]();
    const waiting = iterator.next();
    queue.end();
    expect(await waiting).toEqual({ value: undefined, done: true });
  });

  it('ends when its signal aborts', async () => {
    const controller = new AbortController();
    const queue = createEventQueue<string>(controller.signal);
    const iterator = queue[Symbol.asyncIterator]();
    const waiting = iterator.next();
    controller.abort();
    expect(await waiting).toEqual({ value: undefined, done: true });
    queue.push('after abort');
    expect(await iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('yields nothing for a signal that was already aborted', async () => {
    const queue = createEventQueue<string>(AbortSignal.abort());
    expect(await drain(queue)).toEqual([]);
  });
});

describe('createEventQueue without a reader', () => {
  it('keeps every item for a consumer that reads late (nothing is dropped)', async () => {
    const queue = createEventQueue<number>();
    for (let index = 0; index < 1_000; index += 1) queue.push(index);
    queue.end();
    const items = await drain(queue);
    expect(items).toHaveLength(1_000);
    expect(items.at(-1)).toBe(999);
  });
});
