import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeltaBatcher } from './deltaBatcher';

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

function recorder(frameMs?: number) {
  const emitted: { delta: string; offset: number }[] = [];
  const batcher = new DeltaBatcher((delta, offset) => emitted.push({ delta, offset }), frameMs);
  return { emitted, batcher };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('DeltaBatcher', () => {
  it('sends the chunks pushed in one event-loop turn as one delta at the end of the turn', async () => {
    const { emitted, batcher } = recorder();
    batcher.push('Hel');
    batcher.push('lo');
    batcher.push(', world');
    expect(emitted).toEqual([]);
    await nextTurn();
    expect(emitted).toEqual([{ delta: 'Hello, world', offset: 0 }]);
  });

  it('holds text pushed within a frame of the last delta until the frame ends', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { emitted, batcher } = recorder(10_000);
    batcher.push('a');
    await nextTurn();
    batcher.push('b');
    batcher.push('c');
    await nextTurn();
    expect(emitted).toEqual([{ delta: 'a', offset: 0 }]);
    vi.advanceTimersByTime(10_000);
    expect(emitted).toEqual([
      { delta: 'a', offset: 0 },
      { delta: 'bc', offset: 1 },
    ]);
  });

  it('gives each delta the offset where it starts in the reply', () => {
    const { emitted, batcher } = recorder();
    for (const piece of ['one ', 'two ', 'three']) {
      batcher.push(piece);
      batcher.flush();
    }
    expect(emitted).toEqual([
      { delta: 'one ', offset: 0 },
      { delta: 'two ', offset: 4 },
      { delta: 'three', offset: 8 },
    ]);
  });

  it('flush() sends what is pending at once and nothing twice', async () => {
    const { emitted, batcher } = recorder();
    batcher.push('tail');
    batcher.flush();
    batcher.flush();
    await nextTurn();
    expect(emitted).toEqual([{ delta: 'tail', offset: 0 }]);
  });

  it('ignores empty chunks', async () => {
    const { emitted, batcher } = recorder();
    batcher.push('');
    batcher.flush();
    await nextTurn();
    expect(emitted).toEqual([]);
  });

  it('loses no text: the deltas join back into everything pushed', async () => {
    const { emitted, batcher } = recorder(0);
    const pieces = Array.from({ length: 50 }, (_, index) => `w${index} `);
    for (const [index, piece] of pieces.entries()) {
      batcher.push(piece);
      if (index % 7 === 0) await nextTurn();
    }
    batcher.flush();
    expect(emitted.map((event) => event.delta).join('')).toBe(pieces.join(''));
    expect(emitted.length).toBeLessThan(pieces.length);
  });
});
