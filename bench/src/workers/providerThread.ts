// The provider thread (see provider.ts): an OpenAI-compatible chat completions endpoint that
// answers every streaming request with `chunks` deltas labelled `<request>.<chunk> `, chunk i
// due `i * chunkDelayMs` after the first. Late chunks go out at once (a real-time source, like
// a model that keeps generating), so a busy machine bunches deltas but never slows the pace;
// `@chatbot/ai/testing`'s fake waits after each write instead, and its pace drifts under load.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import {
  MAX_CHUNK_TIMES,
  MAX_REQUESTS,
  REQUEST_FIELDS,
  clock,
  providerMemory,
  type ProviderScript,
} from './provider';

const { counters, requests, times } = providerMemory(workerData).memory;
let script: ProviderScript = { chunks: 5, chunkDelayMs: 0 };

/** Record the request; returns where its chunk times go (-1: not recorded). */
function register(stream: boolean, chunks: number): { index: number; first: number } {
  const index = counters[0]!;
  const first = counters[1]!;
  const timed = index < MAX_REQUESTS && stream && first + chunks <= MAX_CHUNK_TIMES;
  if (index < MAX_REQUESTS) {
    requests.set(
      [clock(), timed ? first : -1, stream ? chunks : 0, stream ? 1 : 0],
      index * REQUEST_FIELDS,
    );
  }
  if (timed) counters[1] = first + chunks;
  Atomics.store(counters, 0, index + 1);
  return { index, first: timed ? first : -1 };
}

/** One server-sent event of the stream: a delta, the finish, or (with `usage`) the usage. */
const chunkEvent = (delta: object, finish: string | null = null, usage?: object) =>
  `data: ${JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: 'fake-model',
    choices: usage ? [] : [{ index: 0, delta, finish_reason: finish }],
    ...(usage ? { usage } : {}),
  })}\n\n`;

async function chat(req: IncomingMessage, res: ServerResponse) {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  const body = JSON.parse(Buffer.concat(parts).toString('utf8')) as { stream?: boolean };
  const { chunks, chunkDelayMs } = script;
  const { index, first } = register(Boolean(body.stream), chunks);
  const usage = { prompt_tokens: 10, completion_tokens: chunks, total_tokens: 10 + chunks };
  if (!body.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: 'chatcmpl-bench',
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: 'fake-model',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Benchmark title' },
            finish_reason: 'stop',
          },
        ],
        usage,
      }),
    );
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(chunkEvent({ role: 'assistant', content: '' }));
  const start = clock();
  for (let chunk = 0; chunk < chunks;) {
    const wait = start + chunk * chunkDelayMs - clock();
    if (wait > 0) await sleep(wait);
    if (res.destroyed) return;
    // Every chunk that is due by now goes out in this turn.
    const now = clock();
    for (; chunk < chunks && start + chunk * chunkDelayMs <= now; chunk += 1) {
      res.write(chunkEvent({ content: `${index}.${chunk} ` }));
      if (first >= 0) times[first + chunk] = clock();
    }
  }
  res.write(chunkEvent({}, 'stop'));
  res.write(chunkEvent({}, null, usage));
  res.end('data: [DONE]\n\n');
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
        data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'bench' }],
      }),
    );
  } else {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'not found' } }));
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

parentPort!.on('message', (message: { id: number; script: ProviderScript }) => {
  script = message.script;
  parentPort!.postMessage({ ack: message.id });
});
parentPort!.postMessage({
  url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
});
