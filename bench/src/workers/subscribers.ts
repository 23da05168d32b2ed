// The load's subscribers: every transport the benchmark reads from, and the one recorder that
// times each delivered delta against when it left the provider. Provider deltas carry labels
// `<request>.<chunk> `, so a subscriber knows which request (and so which send) a delta is from.
import { closeChatClient, createChatClient, type ChatClient } from '@chatbot/client';
import { io as socketIo, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { clock, type Provider } from './provider';
import { bytesRead } from './wireBytes';

export type Kind = 'trpc-ws' | 'trpc-sse' | 'bare-ws' | 'socketio';
interface StreamEvent {
  type: string;
  messageId?: string;
  delta?: string;
  message?: { id: string; role: string };
}

let provider: Provider;
export const useProvider = (started: Provider) => (provider = started);
export const currentProvider = () => provider;

/** Each `<request>.<chunk> ` label in a delta: a scan, so the load spends little per delta. */
function forEachLabel(delta: string, visit: (request: number, chunk: number) => void) {
  let request = 0;
  let chunk = 0;
  let inChunk = false;
  for (let index = 0; index < delta.length; index += 1) {
    const code = delta.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      if (inChunk) chunk = chunk * 10 + code - 48;
      else request = request * 10 + code - 48;
    } else if (code === 46) {
      inChunk = true;
    } else if (code === 32) {
      visit(request, chunk);
      request = chunk = 0;
      inChunk = false;
    }
  }
}

/** The events of a reply that the server and the relays both send (not the title after it). */
const REPLY_EVENTS = new Set(['message:new', 'message:stream', 'message:update', 'message:done']);

/**
 * Latency of every delivered delta and how many each subscriber got; the frames (a reply's
 * events) and bytes the subscribers read from the last `reset` to the last `message:done`.
 */
export const recorder = {
  latencies: [] as number[],
  delivered: 0,
  frames: 0,
  framesAtDone: 0,
  bytesAtReset: 0,
  bytesAtDone: 0,
  lastReceiptAt: 0,
  lastDoneAt: 0,
  /** How busy this thread was (the clients): a measurement is only as good as its load. */
  busySince: performance.eventLoopUtilization(),
  reset() {
    this.latencies = [];
    this.delivered = 0;
    this.frames = this.framesAtDone = 0;
    this.bytesAtReset = this.bytesAtDone = bytesRead();
    this.lastReceiptAt = this.lastDoneAt = 0;
    this.busySince = performance.eventLoopUtilization();
    for (const subscriber of subscribers) subscriber.restart();
  },
};

export interface Subscriber {
  sessionId: string;
  done: boolean;
  deltas: number;
  /** The provider request its deltas came from (the first label it read). */
  request?: number;
  firstDeltaAt?: number;
  lastDeltaAt?: number;
  restart(): void;
  close(): void;
}
export let subscribers: Subscriber[] = [];

function onEvent(subscriber: Subscriber, event: StreamEvent) {
  const now = clock();
  if (REPLY_EVENTS.has(event.type)) recorder.frames += 1;
  if (event.type === 'message:stream' && event.delta) {
    subscriber.firstDeltaAt ??= now;
    subscriber.lastDeltaAt = now;
    const before = subscriber.deltas;
    forEachLabel(event.delta, (request, chunk) => {
      subscriber.request ??= request;
      const emittedAt = provider.emittedAt(request, chunk);
      if (emittedAt !== undefined) recorder.latencies.push(now - emittedAt);
      subscriber.deltas += 1;
    });
    recorder.delivered += subscriber.deltas - before;
    recorder.lastReceiptAt = now;
  } else if (event.type === 'message:done') {
    subscriber.done = true;
    recorder.framesAtDone = recorder.frames;
    recorder.bytesAtDone = bytesRead();
    recorder.lastDoneAt = now;
  }
}

const clients: ChatClient[] = [];
export function trpcClient(url: string, token: string, transport: 'ws' | 'sse') {
  const client = createChatClient({ url: `${url}/trpc`, token, transport });
  clients.push(client);
  return client;
}

function subscribe(kind: Kind, url: string, token: string, sessionId: string): Promise<Subscriber> {
  const subscriber: Subscriber = {
    sessionId,
    done: false,
    deltas: 0,
    restart() {
      this.done = false;
      this.deltas = 0;
      this.request = this.firstDeltaAt = this.lastDeltaAt = undefined;
    },
    close: () => {},
  };
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
      const socket = new WebSocket(`${url.replace('http', 'ws')}/?session=${sessionId}`);
      socket.on('open', () => resolve(subscriber));
      socket.on('error', reject);
      socket.on('message', (data) => onEvent(subscriber, JSON.parse(String(data)) as StreamEvent));
      subscriber.close = () => socket.terminate();
    } else {
      // Our /chat gateway or the bare Socket.IO relay: the original clients' protocol.
      const socket: Socket = socketIo(`${url}/chat`, {
        path: '/socket.io',
        auth: { token },
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
      });
      socket.once('connect', () => {
        socket
          .timeout(30_000)
          .emitWithAck('join', { sessionId })
          .then((answer: { ok: boolean; error?: string }) =>
            answer.ok ? resolve(subscriber) : reject(new Error(`join: ${answer.error}`)),
          )
          .catch(reject);
      });
      socket.on('connect_error', reject);
      socket.onAny((name: string, payload: object) =>
        onEvent(subscriber, { ...payload, type: name } as StreamEvent),
      );
      subscriber.close = () => socket.disconnect();
    }
  });
}

/** Open in waves, so 1,000 handshakes do not all land in one tick. */
export async function openSubscribers(
  kind: Kind,
  url: string,
  token: string,
  sessionIds: string[],
) {
  const opened: Subscriber[] = [];
  for (let start = 0; start < sessionIds.length; start += 100) {
    const wave = sessionIds.slice(start, start + 100);
    opened.push(...(await Promise.all(wave.map((id) => subscribe(kind, url, token, id)))));
  }
  subscribers.push(...opened);
  return opened;
}

export function closeSubscribers() {
  for (const subscriber of subscribers) subscriber.close();
  subscribers = [];
  for (const client of clients.splice(0)) closeChatClient(client);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Until every subscriber saw its reply end, or the deadline. */
export async function untilDone(timeoutMs: number, among: Subscriber[] = subscribers) {
  const deadline = performance.now() + timeoutMs;
  while (among.some((subscriber) => !subscriber.done) && performance.now() < deadline) {
    await sleep(5);
  }
}
