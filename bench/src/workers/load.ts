// The load: the fake OpenAI-compatible provider and every client, in one process apart from the
// servers. Provider deltas carry labels `<request>.<chunk> `, so a client that receives a delta
// (alone or batched with others) knows when each one left the provider: same clock, same process.
import http from 'node:http';
import { startFakeOpenAI, type FakeOpenAI } from '@chatbot/ai/testing';
import { closeChatClient, createChatClient, type ChatClient } from '@chatbot/client';
import { io as socketIo, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { serveCalls } from '../rpc';
import { percentile } from '../stats';

type Kind = 'trpc-ws' | 'trpc-sse' | 'bare-ws' | 'socketio';
interface StreamEvent {
  type: string;
  messageId?: string;
  delta?: string;
  message?: { id: string; role: string };
}

let fake: FakeOpenAI;
const LABEL = /(\d+)\.(\d+) /g;

/** Latency of every delivered delta, and how many each subscriber got. */
const recorder = {
  latencies: [] as number[],
  delivered: 0,
  lastReceiptAt: 0,
  reset() {
    this.latencies = [];
    this.delivered = 0;
    this.lastReceiptAt = 0;
  },
};

interface Subscriber {
  done: boolean;
  deltas: number;
  firstDeltaAt?: number;
  close(): void;
}
let subscribers: Subscriber[] = [];

function onEvent(subscriber: Subscriber, event: StreamEvent) {
  const now = performance.now();
  if (event.type === 'message:stream' && event.delta) {
    subscriber.firstDeltaAt ??= now;
    for (const [, request, chunk] of event.delta.matchAll(LABEL)) {
      const emittedAt = fake.requests[Number(request)]?.chunkTimes[Number(chunk)];
      if (emittedAt !== undefined) recorder.latencies.push(now - emittedAt);
      subscriber.deltas += 1;
      recorder.delivered += 1;
    }
    recorder.lastReceiptAt = now;
  } else if (event.type === 'message:done') {
    subscriber.done = true;
  }
}

const clients: ChatClient[] = [];
function trpcClient(url: string, token: string, transport: 'ws' | 'sse') {
  const client = createChatClient({ url: `${url}/trpc`, token, transport });
  clients.push(client);
  return client;
}

function subscribe(kind: Kind, url: string, token: string, sessionId: string): Promise<Subscriber> {
  const subscriber: Subscriber = { done: false, deltas: 0, close: () => {} };
  return new Promise((resolve, reject) => {
    if (kind === 'trpc-ws' || kind === 'trpc-sse') {
      const client = trpcClient(url, token, kind === 'trpc-ws' ? 'ws' : 'sse');
      const subscription = client.messages.onEvent.subscribe(
        { sessionId },
        {
          onStarted: () => resolve(subscriber),
          onData: ({ data }) => onEvent(subscriber, data as StreamEvent),
          onError: reject,
        },
      );
      subscriber.close = () => {
        subscription.unsubscribe();
        closeChatClient(client);
      };
    } else if (kind === 'bare-ws') {
      const socket = new WebSocket(url.replace('http', 'ws'));
      socket.on('open', () => resolve(subscriber));
      socket.on('error', reject);
      socket.on('message', (data) => onEvent(subscriber, JSON.parse(String(data)) as StreamEvent));
      subscriber.close = () => socket.terminate();
    } else {
      const socket: Socket = socketIo(url, { transports: ['websocket'], forceNew: true });
      socket.on('connect', () => resolve(subscriber));
      socket.on('connect_error', reject);
      socket.on('event', (frame: string) => onEvent(subscriber, JSON.parse(frame) as StreamEvent));
      subscriber.close = () => socket.disconnect();
    }
  });
}

/** Open in waves, so 1,000 handshakes do not all land in one tick. */
async function openSubscribers(kind: Kind, url: string, token: string, sessionIds: string[]) {
  const opened: Subscriber[] = [];
  for (let start = 0; start < sessionIds.length; start += 100) {
    const wave = sessionIds.slice(start, start + 100);
    opened.push(...(await Promise.all(wave.map((id) => subscribe(kind, url, token, id)))));
  }
  subscribers.push(...opened);
}

async function rest(url: string, path: string, body: unknown, token?: string) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function httpLoad(options: {
  url: string;
  headers: Record<string, string>;
  concurrency: number;
  durationMs: number;
}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.concurrency });
  const latencies: number[] = [];
  let failures = 0;
  const request = () =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      http
        .get(options.url, { agent, headers: options.headers }, (response) => {
          response.resume();
          response.on('end', () => {
            if (response.statusCode === 200) latencies.push(performance.now() - started);
            else failures += 1;
            resolve();
          });
        })
        .on('error', () => {
          failures += 1;
          resolve();
        });
    });
  // Warm up the connections and the JIT, then measure.
  await Promise.all(Array.from({ length: options.concurrency * 4 }, request));
  latencies.length = 0;
  const deadline = performance.now() + options.durationMs;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < deadline) await request();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { rps: latencies.length / seconds, p99: percentile(latencies, 99), failures };
}

serveCalls({
  async startProvider() {
    fake = await startFakeOpenAI();
    fake.models = ['fake-model'];
    return { url: fake.url };
  },
  configureProvider(script: { chunks: number; chunkDelayMs: number }) {
    fake.fallback = (body) => {
      if (!body.stream) return { chunks: ['Benchmark title'] };
      const index = fake.requests.length - 1;
      return {
        chunks: Array.from({ length: script.chunks }, (_, chunk) => `${index}.${chunk} `),
        chunkDelayMs: script.chunkDelayMs,
      };
    };
    return true;
  },
  async signUp({ url }: { url: string }) {
    const email = `bench-${process.pid}-${Date.now()}@example.com`;
    const tokens = await rest(url, '/auth/register', { email, password: 'correct horse battery' });
    return { token: tokens.accessToken as string, email };
  },
  async createSessions({ url, token, count }: { url: string; token: string; count: number }) {
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) {
      ids.push(
        (await rest(url, '/sessions', { title: `Bench ${index}`, model: 'fake-model' }, token))
          .id as string,
      );
    }
    return ids;
  },
  async subscribe(options: { kind: Kind; url: string; token: string; sessionIds: string[] }) {
    recorder.reset();
    await openSubscribers(options.kind, options.url, options.token, options.sessionIds);
    return subscribers.length;
  },
  /** Send one message to each session at once (each starts one reply). */
  async send({ url, token, sessionIds }: { url: string; token: string; sessionIds: string[] }) {
    const client = trpcClient(url, token, 'sse');
    const startedAt = performance.now();
    await Promise.all(
      sessionIds.map((sessionId) => client.messages.send.mutate({ sessionId, content: 'Go' })),
    );
    return { startedAt };
  },
  /** Wait until every subscriber saw its reply end; report delivery and latency. */
  async collect({
    expectedPerSubscriber,
    timeoutMs,
  }: {
    expectedPerSubscriber: number;
    timeoutMs: number;
  }) {
    const deadline = performance.now() + timeoutMs;
    while (subscribers.some((subscriber) => !subscriber.done) && performance.now() < deadline) {
      await sleep(10);
    }
    const expected = expectedPerSubscriber * subscribers.length;
    const firstEmit = Math.min(
      ...fake.requests
        .filter((request) => request.body.stream)
        .slice(-1)
        .map((request) => request.chunkTimes[0] ?? Infinity),
    );
    return {
      delivered: recorder.delivered,
      expected,
      lost:
        expected -
        subscribers.reduce(
          (sum, subscriber) => sum + Math.min(subscriber.deltas, expectedPerSubscriber),
          0,
        ),
      finished: subscribers.filter((subscriber) => subscriber.done).length,
      p50: percentile(recorder.latencies, 50),
      p99: percentile(recorder.latencies, 99),
      firstEmit,
      lastReceiptAt: recorder.lastReceiptAt,
    };
  },
  closeSubscribers() {
    for (const subscriber of subscribers) subscriber.close();
    subscribers = [];
    for (const client of clients.splice(0)) closeChatClient(client);
    return true;
  },
  /** Send → first delta at a subscriber, minus the provider's own time to its first chunk. */
  async timeToFirstToken({
    url,
    token,
    sessionId,
    sends,
  }: {
    url: string;
    token: string;
    sessionId: string;
    sends: number;
  }) {
    await openSubscribers('trpc-ws', url, token, [sessionId]);
    const subscriber = subscribers.at(-1)!;
    const client = trpcClient(url, token, 'ws');
    const added: number[] = [];
    // Where the time goes: send -> the provider hears of it; its first chunk -> the subscriber.
    const beforeProvider: number[] = [];
    const afterProvider: number[] = [];
    for (let index = 0; index < sends; index += 1) {
      subscriber.done = false;
      subscriber.firstDeltaAt = undefined;
      const requestsBefore = fake.requests.length;
      const startedAt = performance.now();
      await client.messages.send.mutate({ sessionId, content: `Send ${index}` });
      while (!subscriber.done) await sleep(1);
      const request = fake.requests
        .slice(requestsBefore)
        .find((candidate) => candidate.body.stream);
      if (!request || subscriber.firstDeltaAt === undefined) continue;
      const providerDelay = (request.chunkTimes[0] ?? request.receivedAt) - request.receivedAt;
      added.push(subscriber.firstDeltaAt - startedAt - providerDelay);
      beforeProvider.push(request.receivedAt - startedAt);
      afterProvider.push(subscriber.firstDeltaAt - (request.chunkTimes[0] ?? request.receivedAt));
    }
    return {
      p50: percentile(added, 50),
      p99: percentile(added, 99),
      beforeProviderP50: percentile(beforeProvider, 50),
      afterProviderP50: percentile(afterProvider, 50),
      samples: added.length,
    };
  },
  httpLoad,
});
