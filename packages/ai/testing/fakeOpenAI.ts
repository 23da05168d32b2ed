import { imageProblem, type FakeImage } from './fakeImages';
import {
  defaultReplyTo,
  startFakeProviderServer,
  type FakeDialect,
  type FakeProviderServer,
  type FakeRequest as AnyFakeRequest,
} from './fakeProviderServer';

/** A content part of a Chat Completions message (the ones we send). */
export type OpenAIContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: string } };

/** A chat completion request body as the `openai` SDK sends it. */
export interface OpenAIRequestBody {
  model: string;
  messages: { role: string; content: string | OpenAIContentPart[] }[];
  stream?: boolean;
  [key: string]: unknown;
}

export type FakeRequest = AnyFakeRequest<OpenAIRequestBody>;
export type FakeOpenAI = FakeProviderServer<OpenAIRequestBody>;

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

const textOf = (content: string | OpenAIContentPart[]) =>
  typeof content === 'string'
    ? content
    : content.map((part) => (part.type === 'text' ? part.text : '')).join('');

function imagesOf(content: string | OpenAIContentPart[]): FakeImage[] {
  if (typeof content === 'string') return [];
  return content.flatMap((part) => {
    const match = part.type === 'image_url' ? DATA_URL.exec(part.image_url.url) : null;
    return match ? [{ mediaType: match[1]!, data: match[2]! }] : [];
  });
}

/** The size limit per image, as the real API documents it. */
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** What OpenAI answers 400 to in the content parts we may send. */
function invalidOf(body: OpenAIRequestBody): string | undefined {
  for (const [index, message] of body.messages.entries()) {
    if (typeof message.content === 'string') continue;
    if (!Array.isArray(message.content)) return `Invalid type for 'messages[${index}].content'`;
    for (const part of message.content) {
      if (part.type === 'text' && typeof part.text === 'string') continue;
      if (part.type !== 'image_url') return `Invalid content part type: ${String(part.type)}`;
      if (message.role !== 'user') {
        return `Image content parts are only allowed for messages with role 'user' (messages[${index}])`;
      }
      const url = part.image_url?.url ?? '';
      const data = DATA_URL.exec(url);
      if (data) {
        const problem = imageProblem(data[1], data[2], MAX_IMAGE_BYTES);
        if (problem) return `Invalid image in messages[${index}]: ${problem}`;
      } else if (!/^https?:\/\//.test(url)) {
        return `Invalid 'image_url.url' in messages[${index}]: expected a URL or a base64 data URL`;
      }
    }
  }
  return undefined;
}

function conversationOf(body: OpenAIRequestBody) {
  const system = body.messages.filter((message) => message.role === 'system');
  return {
    model: body.model,
    system:
      system.length > 0 ? system.map((message) => textOf(message.content)).join('\n') : undefined,
    turns: body.messages
      .filter((message) => message.role === 'user' || message.role === 'assistant')
      .map((message) => {
        const images = imagesOf(message.content);
        return {
          role: message.role as 'user' | 'assistant',
          content: textOf(message.content),
          ...(images.length > 0 ? { images } : {}),
        };
      }),
  };
}

export function defaultReply(body: OpenAIRequestBody): string[] {
  return defaultReplyTo(conversationOf(body));
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

const withTotal = (usage: { prompt_tokens: number; completion_tokens: number }) => ({
  ...usage,
  total_tokens: usage.prompt_tokens + usage.completion_tokens,
});

/** OpenAI's Chat Completions protocol: `POST /v1/chat/completions` (SSE when `stream`). */
export const openAIDialect: FakeDialect<OpenAIRequestBody> = {
  route(method, url) {
    if (method === 'POST' && url.pathname === '/v1/chat/completions')
      return { kind: 'chat', stream: true };
    if (method === 'GET' && url.pathname === '/v1/models') return { kind: 'models' };
    return undefined;
  },
  conversation: conversationOf,
  invalid: invalidOf,
  streams: (body) => body.stream === true,
  errorBody: (status, message) => ({
    error: {
      message: message ?? `Scripted failure ${status}`,
      type: status === 400 ? 'invalid_request_error' : 'fake_error',
      code: null,
    },
  }),
  modelsBody: (models) => ({
    object: 'list',
    data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' })),
  }),
  completeBody: (model, text, usage) => ({
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
    usage: withTotal(usage),
  }),
  streamStart: (model) => chunkEvent(model, { role: 'assistant', content: '' }),
  streamChunk: (model, text) => chunkEvent(model, { content: text }),
  streamEnd: (model, usage) =>
    `${chunkEvent(model, {}, 'stop')}${chunkEvent(model, {}, null, withTotal(usage))}data: [DONE]\n\n`,
  streamError: () =>
    `data: ${JSON.stringify({ error: { message: 'Scripted stream failure', type: 'server_error' } })}\n\n`,
};

/**
 * An OpenAI-compatible HTTP server for tests and benchmarks: the real `openai` SDK talks to it
 * over loopback. Replies, timing and faults are scripted per request.
 */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  return startFakeProviderServer(openAIDialect, {
    urlPath: '/v1',
    models: ['fake-model', 'fake-model-2'],
  });
}
