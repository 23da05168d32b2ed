// Sends as real users make them: each its own HTTP request (never one tRPC batch), to our
// server's `messages.send` or to a bare relay's `POST /send`, at once or spread over a window.
import { percentile } from '../stats';
import { clock } from './provider';
import {
  currentProvider,
  openSubscribers,
  recorder,
  sleep,
  untilDone,
  type Subscriber,
} from './subscribers';

export interface SendTarget {
  url: string;
  token: string;
  /** A bare relay (POST /send?session=) instead of our server's tRPC `messages.send`. */
  relay?: boolean;
}

export async function rest(url: string, path: string, body: unknown, token?: string) {
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

/** One send, one HTTP request; resolves true when the server accepted it. */
async function sendOne(target: SendTarget, sessionId: string, content: string) {
  const response = await fetch(
    target.relay
      ? `${target.url}/send?session=${encodeURIComponent(sessionId)}`
      : `${target.url}/trpc/messages.send`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${target.token}` },
      body: JSON.stringify({ json: { sessionId, content } }),
    },
  ).catch(() => undefined);
  const body = await response?.text().catch(() => undefined);
  // A failed send is counted; its reason goes to the log, to be looked into.
  if (!response?.ok) {
    console.error(
      `send failed: ${response ? `HTTP ${response.status}` : 'no answer'} ${body?.slice(0, 300) ?? ''}`,
    );
  }
  return response?.ok ?? false;
}

/**
 * Each session sends once, at a random moment in `windowMs` (0: all at once); resolves when
 * every send was answered, with when each went out and how many failed.
 */
export async function sendSpread(
  target: SendTarget,
  sessionIds: string[],
  windowMs: number,
): Promise<{ sentAt: Map<string, number>; failed: number }> {
  const sentAt = new Map<string, number>();
  let failed = 0;
  await Promise.all(
    sessionIds.map(async (sessionId, index) => {
      if (windowMs > 0) await sleep(Math.random() * windowMs);
      sentAt.set(sessionId, clock());
      if (!(await sendOne(target, sessionId, `Send ${index}`))) failed += 1;
    }),
  );
  return { sentAt, failed };
}

/** Received deltas/s of each stream against the deltas/s its provider request emitted. */
export function streamRates(among: Subscriber[], chunks: number) {
  const provider = currentProvider();
  const ratios: number[] = [];
  for (const subscriber of among) {
    const first = subscriber.request;
    if (first === undefined || subscriber.firstDeltaAt === undefined) {
      ratios.push(0);
      continue;
    }
    const emittedFirst = provider.emittedAt(first, 0);
    const emittedLast = provider.emittedAt(first, chunks - 1);
    if (emittedFirst === undefined || emittedLast === undefined) continue;
    const emittedRate = (chunks - 1) / Math.max(emittedLast - emittedFirst, 1);
    const receivedRate =
      (subscriber.deltas - 1) / Math.max(subscriber.lastDeltaAt! - subscriber.firstDeltaAt, 1);
    ratios.push(receivedRate / emittedRate);
  }
  return {
    minRatio: ratios.length ? Math.min(...ratios) : 0,
    p5Ratio: percentile(ratios, 5),
    p50Ratio: percentile(ratios, 50),
    streams: ratios.length,
  };
}

/**
 * Time to first token added by the path: send -> first delta at the session's subscriber,
 * minus the provider's own time from the request to its first chunk. A send that fails or
 * whose first delta never arrives is a failed sample, counted, never skipped.
 */
export function ttftSamples(among: Subscriber[], sentAt: Map<string, number>) {
  const provider = currentProvider();
  const added: number[] = [];
  let failed = 0;
  for (const subscriber of among) {
    const sent = sentAt.get(subscriber.sessionId);
    const request =
      subscriber.request === undefined ? undefined : provider.request(subscriber.request);
    if (sent === undefined || !request || subscriber.firstDeltaAt === undefined) {
      failed += 1;
      continue;
    }
    const providerOwn = (request.firstChunkAt ?? request.receivedAt) - request.receivedAt;
    added.push(subscriber.firstDeltaAt - sent - providerOwn);
  }
  return { added, failed };
}

/** B3: `rounds` times, every subscriber's session sends at once (1 subscriber: one at a time). */
export async function timeToFirstToken(options: {
  target: SendTarget;
  kind: 'trpc-ws';
  sessionIds: string[];
  rounds: number;
  timeoutMs: number;
}) {
  const opened = await openSubscribers(
    options.kind,
    options.target.url,
    options.target.token,
    options.sessionIds,
  );
  const added: number[] = [];
  let failed = 0;
  for (let round = 0; round < options.rounds; round += 1) {
    recorder.reset();
    const sent = await sendSpread(options.target, options.sessionIds, 0);
    await untilDone(options.timeoutMs, opened);
    const samples = ttftSamples(opened, sent.sentAt);
    added.push(...samples.added);
    failed += samples.failed;
  }
  return {
    p50: percentile(added, 50),
    p99: percentile(added, 99),
    samples: added.length,
    failed,
  };
}
