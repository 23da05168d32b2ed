// The load: the fake OpenAI-compatible provider (on its own thread) and every client, in one
// process apart from the servers, answering the orchestrator's calls. The clients live in
// subscribers.ts, the sends in sends.ts, B4's HTTP load in httpLoad.ts.
import { percentile } from '../stats';
import { httpLoad } from './httpLoad';
import { clock, startProvider } from './provider';
import { serveCalls } from '../rpc';
import { rest, sendSpread, streamRates, timeToFirstToken, type SendTarget } from './sends';
import {
  closeSubscribers,
  currentProvider,
  openSubscribers,
  recorder,
  subscribers,
  trpcClient,
  untilDone,
  useProvider,
  type Kind,
} from './subscribers';

serveCalls({
  async startProvider() {
    return { url: useProvider(await startProvider()).url };
  },
  /** Every streaming reply from now on: `chunks` labelled deltas, `chunkDelayMs` apart. */
  async configureProvider(script: { chunks: number; chunkDelayMs: number }) {
    await currentProvider().configure(script);
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
    await openSubscribers(options.kind, options.url, options.token, options.sessionIds);
    recorder.reset();
    return subscribers.length;
  },
  /** B1: one message to each session in one tRPC batch (each starts one reply). */
  async send({ url, token, sessionIds }: { url: string; token: string; sessionIds: string[] }) {
    const client = trpcClient(url, token, 'sse');
    const startedAt = clock();
    await Promise.all(
      sessionIds.map((sessionId) => client.messages.send.mutate({ sessionId, content: 'Go' })),
    );
    return { startedAt };
  },
  /** B2: each session sends once, its own HTTP request, at a random moment in `windowMs`. */
  async sendSpread(options: { target: SendTarget; sessionIds: string[]; windowMs: number }) {
    const { failed } = await sendSpread(options.target, options.sessionIds, options.windowMs);
    return { failed };
  },
  /** Wait until every subscriber saw its reply end; report delivery, latency and the wire. */
  async collect({
    expectedPerSubscriber,
    timeoutMs,
    streams = 1,
  }: {
    expectedPerSubscriber: number;
    timeoutMs: number;
    /** Replies the subscribers follow: the measured window starts at the earliest one's. */
    streams?: number;
  }) {
    await untilDone(timeoutMs);
    const provider = currentProvider();
    const loadBusy = performance.eventLoopUtilization(recorder.busySince).utilization;
    const expected = expectedPerSubscriber * subscribers.length;
    let firstEmit = Infinity;
    for (let index = provider.requestCount() - 1, seen = 0; index >= 0 && seen < streams; index--) {
      const request = provider.request(index);
      if (!request?.stream) continue;
      seen += 1;
      firstEmit = Math.min(firstEmit, request.firstChunkAt ?? Infinity);
    }
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
      lastDoneAt: recorder.lastDoneAt,
      subscribers: subscribers.length,
      frames: recorder.framesAtDone,
      bytes: recorder.bytesAtDone - recorder.bytesAtReset,
      loadBusy,
      ...streamRates(subscribers, expectedPerSubscriber),
    };
  },
  closeSubscribers() {
    closeSubscribers();
    return true;
  },
  timeToFirstToken,
  httpLoad,
});
