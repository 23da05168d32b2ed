// The fake provider runs on its own thread of the load process, so its pace (B1's 1 delta/ms,
// B2's 50 tokens/s) does not slow down while the clients on the main thread are busy. It writes
// when each request arrived and when each chunk left into shared memory, where the clients read
// them as the chunks arrive: same process, same clock, no message in between.
import { Worker } from 'node:worker_threads';

/** Requests and chunk times the shared memory holds; later ones are served but not timed. */
export const MAX_REQUESTS = 16_384;
export const MAX_CHUNK_TIMES = 4_194_304;
/** Per request: receivedAt, first slot in `times` (-1: untimed), planned chunks, stream (1/0). */
export const REQUEST_FIELDS = 4;

/** Milliseconds on a clock every thread of the process shares. */
export const clock = () => performance.timeOrigin + performance.now();

export interface ProviderMemory {
  /** [requests so far, next free slot in `times`] */
  counters: Int32Array;
  requests: Float64Array;
  times: Float64Array;
}

export function providerMemory(buffers?: {
  counters: SharedArrayBuffer;
  requests: SharedArrayBuffer;
  times: SharedArrayBuffer;
}) {
  const shared = buffers ?? {
    counters: new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT),
    requests: new SharedArrayBuffer(MAX_REQUESTS * REQUEST_FIELDS * 8),
    times: new SharedArrayBuffer(MAX_CHUNK_TIMES * 8),
  };
  const memory: ProviderMemory = {
    counters: new Int32Array(shared.counters),
    requests: new Float64Array(shared.requests),
    times: new Float64Array(shared.times),
  };
  return { shared, memory };
}

export interface ProviderScript {
  chunks: number;
  chunkDelayMs: number;
}

export interface ProviderRequest {
  receivedAt: number;
  stream: boolean;
  /** When the first chunk left, if it has. */
  firstChunkAt?: number;
}

export interface Provider {
  url: string;
  configure(script: ProviderScript): Promise<void>;
  requestCount(): number;
  request(index: number): ProviderRequest | undefined;
  /** When chunk `chunk` of request `request` left the provider (`clock()` time). */
  emittedAt(request: number, chunk: number): number | undefined;
}

/** Start the provider thread; it answers every chat request with labelled chunks. */
export async function startProvider(): Promise<Provider> {
  const { shared, memory } = providerMemory();
  // Worker threads do not inherit tsx's loader: register it before importing the entry.
  const entry = new URL('./providerThread.ts', import.meta.url).href;
  const thread = new Worker(
    `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
      .then(({ register }) => { register(); return import(${JSON.stringify(entry)}); })`,
    { eval: true, workerData: shared },
  );
  thread.unref();
  let acks = 0;
  const waiting = new Map<number, () => void>();
  const url = await new Promise<string>((resolve, reject) => {
    thread.once('error', reject);
    thread.on('message', (message: { url?: string; ack?: number }) => {
      if (message.url) resolve(message.url);
      if (message.ack !== undefined) waiting.get(message.ack)?.();
    });
  });
  const { counters, requests, times } = memory;
  const field = (index: number, offset: number) => requests[index * REQUEST_FIELDS + offset]!;
  const emittedAt = (request: number, chunk: number) => {
    if (request >= Math.min(Atomics.load(counters, 0), MAX_REQUESTS)) return undefined;
    const first = field(request, 1);
    if (first < 0 || chunk >= field(request, 2)) return undefined;
    return times[first + chunk] || undefined;
  };
  return {
    url,
    configure(script) {
      const id = (acks += 1);
      return new Promise((resolve) => {
        waiting.set(id, () => {
          waiting.delete(id);
          resolve();
        });
        thread.postMessage({ id, script });
      });
    },
    requestCount: () => Atomics.load(counters, 0),
    request(index) {
      if (index >= Math.min(Atomics.load(counters, 0), MAX_REQUESTS)) return undefined;
      return {
        receivedAt: field(index, 0),
        stream: field(index, 3) === 1,
        firstChunkAt: emittedAt(index, 0),
      };
    },
    emittedAt,
  };
}
