import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeImage } from './fakeImages';

/** What a fake does with one chat request, in every provider's wire protocol alike. */
export interface FakeScript {
  /** Answer with this HTTP status (and the provider's error body) instead of a reply. */
  status?: number;
  /** Extra response headers, e.g. { 'retry-after': '0' }. */
  headers?: Record<string, string>;
  /** The reply, as the chunks to send. @default words of "Fake reply to: <last user message>" */
  chunks?: string[];
  /** Wait before the first chunk. @default 0 */
  firstChunkDelayMs?: number;
  /** Wait between chunks. @default 0 */
  chunkDelayMs?: number;
  /** Destroy the connection after this many chunks (a stream dropped mid-way). */
  dropAfterChunks?: number;
  /** Send the provider's in-stream error event after this many chunks, then end the response. */
  errorAfterChunks?: number;
  /**
   * Stop after `chunks` chunks until `until` settles: a reply that is surely still in progress
   * while the test looks, however slow the machine.
   */
  pause?: { chunks: number; until: Promise<unknown> };
  /** Usage reported at the end. @default counts of the chunks */
  usage?: { prompt_tokens: number; completion_tokens: number };
}

/** The conversation a request carried, whatever the wire format: what the contract tests compare. */
export interface FakeConversation {
  model: string;
  system: string | undefined;
  /** `content` is the turn's text parts joined; `images` only on a turn that had some. */
  turns: { role: 'user' | 'assistant'; content: string; images?: FakeImage[] }[];
}

export interface FakeRequest<Body = unknown> {
  /** The request body as the provider's wire format has it. */
  body: Body;
  conversation: FakeConversation;
  stream: boolean;
  headers: IncomingMessage['headers'];
  /** True when the client went away before the reply was complete (cancel, timeout). */
  aborted: boolean;
  completed: boolean;
  /** Chunks actually written before the end. */
  chunksSent: number;
  /** performance.now() when each chunk was written, for latency measurements. */
  chunkTimes: number[];
  receivedAt: number;
}

/** How one provider speaks: the routes, the bodies and the stream events. */
export interface FakeDialect<Body> {
  /** What a request is, from its method and URL; undefined answers 404. */
  route(
    method: string,
    url: URL,
  ): { kind: 'chat'; model?: string; stream: boolean } | { kind: 'models' } | undefined;
  conversation(body: Body, model: string | undefined): FakeConversation;
  /** What the real provider would refuse in this body with a 400, if anything. */
  invalid?(body: Body): string | undefined;
  /** When the body, not the route, says whether to stream (OpenAI's `stream: true`). */
  streams?(body: Body): boolean;
  errorBody(status: number, message?: string): object;
  modelsBody(models: string[]): object;
  completeBody(model: string, text: string, usage: Usage): object;
  streamStart(model: string, usage: Usage): string;
  streamChunk(model: string, text: string): string;
  streamEnd(model: string, usage: Usage): string;
  streamError(): string;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
}

export interface FakeProviderServer<Body = unknown> {
  /** The base URL to configure the provider with. */
  readonly url: string;
  readonly requests: FakeRequest<Body>[];
  /** Queue scripts for the next requests, in order; when the queue is empty `fallback` applies. */
  enqueue(...scripts: FakeScript[]): void;
  /** Drop scripts nobody used (between tests). */
  clearQueue(): void;
  /** The script used when nothing is queued. */
  fallback: (request: Body) => FakeScript;
  /** The models the provider's model list reports. */
  models: string[];
  /** Wait until `count` requests have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<FakeRequest<Body>[]>;
  /** Wait until request `index` has ended, one way or another (reply sent, or client gone). */
  waitForEnd(index: number, timeoutMs?: number): Promise<FakeRequest<Body>>;
  close(): Promise<void>;
}

export function defaultReplyTo(conversation: FakeConversation): string[] {
  const lastUser = conversation.turns.findLast((turn) => turn.role === 'user');
  return `Fake reply to: ${lastUser?.content ?? ''}`.match(/\S+\s*/g) ?? [];
}

const wait = (ms: number) =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

async function readJson(req: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  return text ? JSON.parse(text) : {};
}

/**
 * An HTTP server speaking one provider's protocol for tests and benchmarks: the provider's real
 * SDK talks to it over loopback. Replies, timing and faults are scripted per request.
 * `urlPath` is appended to the origin to make `url` (e.g. `/v1` for OpenAI-compatible clients).
 */
export async function startFakeProviderServer<Body>(
  dialect: FakeDialect<Body>,
  options: { urlPath?: string; models: string[] },
): Promise<FakeProviderServer<Body>> {
  const requests: FakeRequest<Body>[] = [];
  const queue: FakeScript[] = [];
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const until = <T>(ready: () => T | undefined, timeoutMs: number, failure: () => string) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const value = ready();
        if (value === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(failure()));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  const fake: Omit<FakeProviderServer<Body>, 'url' | 'close'> = {
    requests,
    models: options.models,
    fallback: () => ({}),
    enqueue: (...scripts) => void queue.push(...scripts),
    clearQueue: () => void queue.splice(0),
    waitForRequests: (count, timeoutMs = 10_000) =>
      until(
        () => (requests.length >= count ? requests.slice(0, count) : undefined),
        timeoutMs,
        () => `expected ${count} requests, got ${requests.length}`,
      ),
    waitForEnd: (index, timeoutMs = 10_000) =>
      until(
        () => {
          const record = requests[index];
          return record && (record.aborted || record.completed) ? record : undefined;
        },
        timeoutMs,
        () => `request ${index} did not end`,
      ),
  };

  async function chat(
    req: IncomingMessage,
    res: ServerResponse,
    route: { model?: string; stream: boolean },
  ) {
    const body = (await readJson(req)) as Body;
    const problem = dialect.invalid?.(body);
    const conversation: FakeConversation = problem
      ? { model: route.model ?? '', system: undefined, turns: [] }
      : dialect.conversation(body, route.model);
    const stream = dialect.streams ? dialect.streams(body) : route.stream;
    const record: FakeRequest<Body> = {
      body,
      conversation,
      stream,
      headers: req.headers,
      aborted: false,
      completed: false,
      chunksSent: 0,
      chunkTimes: [],
      receivedAt: performance.now(),
    };
    requests.push(record);
    notify();
    const complete = () => {
      record.completed = true;
      notify();
    };
    res.on('close', () => {
      if (record.completed) return;
      record.aborted = true;
      notify();
    });
    if (problem) {
      // Refused like the real API refuses a malformed request: no script is used up.
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify(dialect.errorBody(400, problem)));
      return complete();
    }
    const script = queue.shift() ?? fake.fallback(body);
    const model = conversation.model;

    if (script.status && script.status >= 400) {
      res.writeHead(script.status, { 'content-type': 'application/json', ...script.headers });
      res.end(JSON.stringify(dialect.errorBody(script.status)));
      return complete();
    }
    const chunks = script.chunks ?? defaultReplyTo(conversation);
    const promptText = [conversation.system ?? '', ...conversation.turns.map((t) => t.content)];
    const usage = script.usage ?? {
      prompt_tokens: promptText.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0),
      completion_tokens: chunks.length,
    };

    if (!stream) {
      await wait(script.firstChunkDelayMs ?? 0);
      res.writeHead(200, { 'content-type': 'application/json', ...script.headers });
      res.end(JSON.stringify(dialect.completeBody(model, chunks.join(''), usage)));
      return complete();
    }

    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      ...script.headers,
    });
    res.flushHeaders();
    await wait(script.firstChunkDelayMs ?? 0);
    if (record.aborted) return;
    res.write(dialect.streamStart(model, usage));
    for (const [index, chunk] of chunks.entries()) {
      if (index > 0) await wait(script.chunkDelayMs ?? 0);
      if (script.pause && index === script.pause.chunks) await script.pause.until;
      if (record.aborted) return;
      if (script.dropAfterChunks !== undefined && index >= script.dropAfterChunks) {
        // After what was written has gone out (a reset could discard it), with no end of body.
        req.socket.destroySoon();
        return;
      }
      if (script.errorAfterChunks !== undefined && index >= script.errorAfterChunks) {
        res.end(dialect.streamError());
        return complete();
      }
      res.write(dialect.streamChunk(model, chunk));
      record.chunksSent += 1;
      record.chunkTimes.push(performance.now());
    }
    res.end(dialect.streamEnd(model, usage));
    complete();
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const route = dialect.route(req.method ?? 'GET', url);
    if (route?.kind === 'chat') {
      chat(req, res, route).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(error));
      });
    } else if (route?.kind === 'models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(dialect.modelsBody(fake.models)));
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(dialect.errorBody(404)));
    }
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}${options.urlPath ?? ''}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
