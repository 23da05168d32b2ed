import { imageProblem, type FakeImage } from './fakeImages';
import {
  startFakeProviderServer,
  type FakeDialect,
  type FakeProviderServer,
} from './fakeProviderServer';

/** A Messages API request body as `@anthropic-ai/sdk` sends it. */
export interface AnthropicRequestBody {
  model: string;
  max_tokens: number;
  system?: string | { type: 'text'; text: string }[];
  messages: { role: 'user' | 'assistant'; content: string | AnthropicBlock[] }[];
  stream?: boolean;
  [key: string]: unknown;
}

/** A content block of a message (the ones we send). */
export interface AnthropicBlock {
  type: string;
  text?: string;
  source?: { type: string; media_type?: string; data?: string };
}

export type FakeAnthropic = FakeProviderServer<AnthropicRequestBody>;

const textOf = (content: string | AnthropicBlock[]) =>
  typeof content === 'string' ? content : content.map((block) => block.text ?? '').join('');

function imagesOf(content: string | AnthropicBlock[]): FakeImage[] {
  if (typeof content === 'string') return [];
  return content
    .filter((block) => block.type === 'image' && block.source?.type === 'base64')
    .map((block) => ({
      mediaType: block.source!.media_type ?? '',
      data: block.source!.data ?? '',
    }));
}

/** The size limit per image, as the real API documents it. */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

/** What the Messages API answers 400 to in the blocks we may send. */
function invalidOf(body: AnthropicRequestBody): string | undefined {
  for (const [index, message] of body.messages.entries()) {
    if (typeof message.content === 'string') {
      if (!message.content) return `messages.${index}: text content blocks must be non-empty`;
      continue;
    }
    if (message.content.length === 0) return `messages.${index}: content must not be empty`;
    for (const [at, block] of message.content.entries()) {
      const where = `messages.${index}.content.${at}`;
      if (block.type === 'text') {
        if (!block.text) return `${where}: text content blocks must be non-empty`;
      } else if (block.type === 'image') {
        if (message.role !== 'user') return `${where}: images are only allowed in user turns`;
        if (block.source?.type !== 'base64') return `${where}.source: expected a base64 source`;
        const problem = imageProblem(block.source.media_type, block.source.data, MAX_IMAGE_BYTES);
        if (problem) return `${where}.source: ${problem}`;
      } else {
        return `${where}: unexpected block type ${block.type}`;
      }
    }
  }
  return undefined;
}

const event = (name: string, data: object) => `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;

/** Anthropic's Messages API: `POST /v1/messages`, named SSE events when `stream`. */
export const anthropicDialect: FakeDialect<AnthropicRequestBody> = {
  route(method, url) {
    if (method === 'POST' && url.pathname === '/v1/messages') return { kind: 'chat', stream: true };
    if (method === 'GET' && url.pathname === '/v1/models') return { kind: 'models' };
    return undefined;
  },
  conversation: (body) => ({
    model: body.model,
    system: body.system === undefined ? undefined : textOf(body.system),
    turns: body.messages.map((message) => {
      const images = imagesOf(message.content);
      return {
        role: message.role,
        content: textOf(message.content),
        ...(images.length > 0 ? { images } : {}),
      };
    }),
  }),
  invalid: invalidOf,
  streams: (body) => body.stream === true,
  errorBody: (status, message) => ({
    type: 'error',
    error: {
      type:
        status === 401
          ? 'authentication_error'
          : status === 403
            ? 'permission_error'
            : status === 429
              ? 'rate_limit_error'
              : status === 529
                ? 'overloaded_error'
                : status >= 500
                  ? 'api_error'
                  : 'invalid_request_error',
      message: message ?? `Scripted failure ${status}`,
    },
  }),
  modelsBody: (models) => ({
    data: models.map((id) => ({
      type: 'model',
      id,
      display_name: id,
      created_at: '2025-01-01T00:00:00Z',
    })),
    has_more: false,
    first_id: models[0] ?? null,
    last_id: models.at(-1) ?? null,
  }),
  completeBody: (model, text, usage) => ({
    id: 'msg_fake',
    type: 'message',
    role: 'assistant',
    model,
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens },
  }),
  streamStart: (model, usage) =>
    event('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_fake',
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: usage.prompt_tokens, output_tokens: 1 },
      },
    }) +
    event('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    }) +
    event('ping', { type: 'ping' }),
  streamChunk: (_model, text) =>
    event('content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text },
    }),
  streamEnd: (_model, usage) =>
    event('content_block_stop', { type: 'content_block_stop', index: 0 }) +
    event('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: usage.completion_tokens },
    }) +
    event('message_stop', { type: 'message_stop' }),
  streamError: () =>
    event('error', {
      type: 'error',
      error: { type: 'overloaded_error', message: 'Scripted stream failure' },
    }),
};

/** A fake Anthropic Messages API; configure the SDK with `baseURL: fake.url` (no `/v1`). */
export function startFakeAnthropic(): Promise<FakeAnthropic> {
  return startFakeProviderServer(anthropicDialect, {
    models: ['claude-fake', 'claude-fake-2'],
  });
}
