import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake does with one chat completion request. */
export interface FakeScript {
  /** Answer with this HTTP status (and an OpenAI-style error body) instead of a reply. */
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
  /**
   * Stop after `chunks` chunks until `until` settles: a reply that is surely still in progress
   * while the test looks, however slow the machine.
   */
  pause?: { chunks: number; until: Promise<unknown> };
  /** Usage reported at the end. @default counts of the chunks */
  usage?: { prompt_tokens: number; completion_tokens: number };
}

export interface FakeRequest {
  body: {
    model: string;
    messages: { role: string; content: string }[];
    stream?: boolean;
    [key: string]: unknown;
  };
  /** True when the client went away before the reply was complete (cancel, timeout). */
  aborted: boolean;
  completed: boolean;
  /** Chunks actually written before the end. */
  chunksSent: number;
  /** performance.now() when each chunk was written, for latency measurements. */
  chunkTimes: number[];
  receivedAt: number;
}

export interface FakeOpenAI {
  /** The base URL to configure, ending in /v1. */
  readonly url: string;
  readonly requests: FakeRequest[];
  /** Queue scripts for the next requests, in order; when the queue is empty `fallback` applies. */
  enqueue(...scripts: FakeScript[]): void;
  /** Drop scripts nobody used (between tests). */
  clearQueue(): void;
  /** The script used when nothing is queued. */
  fallback: (request: FakeRequest['body']) => FakeScript;
  /** The models GET /v1/models reports. */
  models: string[];
  /** Wait until `count` requests have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<FakeRequest[]>;
  close(): Promise<void>;
}

export function defaultReply(body: FakeRequest['body']): string[] {
  const lastUser = [...body.messages].reverse().find((message) => message.role === 'user');
  return `Fake reply to: ${lastUser?.content ?? ''}`.match(/\S+\s*/g) ?? [];
}

const wait = (ms: number) =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

async function readJson(req: IncomingMessage): Promise<FakeRequest['body']> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return JSON.parse(Buffer.concat(parts).toString('utf8')) as FakeRequest['body'];
}

function chunkEvent(
  model: string,
  delta: Record<string, unknown>,
  finish: string | null = null,
  usage?: object,
) {
  return `data: ${JSON.stringify({
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }],
    ...(usage ? { usage } : {}),
  })}\n\n`;
}

/**
 * An OpenAI-compatible HTTP server for tests and benchmarks: the real `openai` SDK talks to it
 * over loopback. Replies, timing and faults are scripted per request.
 */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const requests: FakeRequest[] = [];
  const queue: FakeScript[] = [];
  const waiters = new Set<() => void>();

  const fake: Omit<FakeOpenAI, 'url' | 'close'> = {
    requests,
    models: ['fake-model', 'fake-model-2'],
    fallback: (body) => ({ chunks: defaultReply(body) }),
    enqueue: (...scripts) => void queue.push(...scripts),
    clearQueue: () => void queue.splice(0),
    waitForRequests(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (requests.length < count) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(requests.slice(0, count));
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} requests, got ${requests.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };

  async function chat(req: IncomingMessage, res: ServerResponse) {
    const body = await readJson(req);
    const record: FakeRequest = {
      body,
      aborted: false,
      completed: false,
      chunksSent: 0,
      chunkTimes: [],
      receivedAt: performance.now(),
    };
    requests.push(record);
    for (const waiter of [...waiters]) waiter();
    res.on('close', () => {
      if (!record.completed) record.aborted = true;
    });
    const script = queue.shift() ?? fake.fallback(body);

    if (script.status && script.status >= 400) {
      res.writeHead(script.status, { 'content-type': 'application/json', ...script.headers });
      res.end(
        JSON.stringify({
          error: { message: `Scripted failure ${script.status}`, type: 'fake_error', code: null },
        }),
      );
      record.completed = true;
      return;
    }
    const chunks = script.chunks ?? defaultReply(body);
    const usage = script.usage ?? {
      prompt_tokens: body.messages.reduce(
        (sum, message) => sum + Math.ceil(message.content.length / 4),
        0,
      ),
      completion_tokens: chunks.length,
    };

    if (!body.stream) {
      await wait(script.firstChunkDelayMs ?? 0);
      res.writeHead(200, { 'content-type': 'application/json', ...script.headers });
      res.end(
        JSON.stringify({
          id: 'chatcmpl-fake',
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: body.model,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: chunks.join('') },
              finish_reason: 'stop',
            },
          ],
          usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
        }),
      );
      record.completed = true;
      return;
    }

    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      ...script.headers,
    });
    res.flushHeaders();
    await wait(script.firstChunkDelayMs ?? 0);
    res.write(chunkEvent(body.model, { role: 'assistant', content: '' }));
    for (const [index, chunk] of chunks.entries()) {
      if (index > 0) await wait(script.chunkDelayMs ?? 0);
      if (script.pause && index === script.pause.chunks) await script.pause.until;
      if (record.aborted) return;
      if (script.dropAfterChunks !== undefined && index >= script.dropAfterChunks) {
        req.socket.destroy();
        return;
      }
      res.write(chunkEvent(body.model, { content: chunk }));
      record.chunksSent += 1;
      record.chunkTimes.push(performance.now());
    }
    res.write(chunkEvent(body.model, {}, 'stop'));
    res.write(
      chunkEvent(body.model, {}, null, {
        ...usage,
        total_tokens: usage.prompt_tokens + usage.completion_tokens,
      }),
    );
    res.end('data: [DONE]\n\n');
    record.completed = true;
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method === 'POST' && path === '/v1/chat/completions') {
      chat(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(error));
      });
    } else if (req.method === 'GET' && path === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          object: 'list',
          data: fake.models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })),
        }),
      );
    } else {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'not found' } }));
    }
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
