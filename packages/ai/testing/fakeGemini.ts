import { imageProblem, type FakeImage } from './fakeImages';
import {
  startFakeProviderServer,
  type FakeDialect,
  type FakeProviderServer,
} from './fakeProviderServer';

interface GeminiContent {
  role?: string;
  parts: { text?: string; inlineData?: { mimeType?: string; data?: string } }[];
}

/** A generateContent request body as `@google/genai` sends it. */
export interface GeminiRequestBody {
  contents: GeminiContent[];
  systemInstruction?: GeminiContent;
  generationConfig?: Record<string, unknown>;
  [key: string]: unknown;
}

export type FakeGemini = FakeProviderServer<GeminiRequestBody>;

const textOf = (content: GeminiContent) => content.parts.map((part) => part.text ?? '').join('');

const imagesOf = (content: GeminiContent): FakeImage[] =>
  content.parts
    .filter((part) => part.inlineData)
    .map((part) => ({
      mediaType: part.inlineData!.mimeType ?? '',
      data: part.inlineData!.data ?? '',
    }));

/** What the Gemini API answers 400 (INVALID_ARGUMENT) to in the parts we may send. */
function invalidOf(body: GeminiRequestBody): string | undefined {
  // Gemini bounds the inline data of a whole request (20 MB, counted as sent: base64).
  const inline = body.contents
    .flatMap((content) => content.parts ?? [])
    .reduce((sum, part) => sum + (part.inlineData?.data?.length ?? 0), 0);
  if (inline > 20 * 1024 * 1024)
    return 'Request payload size exceeds the limit: 20 MB of inline data';
  for (const [index, content] of body.contents.entries()) {
    if (!Array.isArray(content.parts) || content.parts.length === 0) {
      return `contents[${index}].parts: must not be empty`;
    }
    for (const [at, part] of content.parts.entries()) {
      // Gemini takes other inline types too (PDF, audio); images are what we send and check.
      if (!part.inlineData?.mimeType?.startsWith('image/')) continue;
      const problem = imageProblem(part.inlineData.mimeType, part.inlineData.data);
      if (problem) return `contents[${index}].parts[${at}].inline_data: ${problem}`;
    }
  }
  return undefined;
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const chunk = (model: string, text: string, end?: { usage: object }) =>
  `data: ${JSON.stringify({
    candidates: [
      {
        content: { role: 'model', parts: [{ text }] },
        index: 0,
        ...(end ? { finishReason: 'STOP' } : {}),
      },
    ],
    ...(end ? { usageMetadata: end.usage } : {}),
    modelVersion: model,
    responseId: 'fake-response',
  })}\r\n\r\n`;

const usageMetadata = (usage: { prompt_tokens: number; completion_tokens: number }) => ({
  promptTokenCount: usage.prompt_tokens,
  candidatesTokenCount: usage.completion_tokens,
  totalTokenCount: usage.prompt_tokens + usage.completion_tokens,
});

/**
 * The Gemini API: `POST /v1beta/models/{model}:streamGenerateContent?alt=sse` (and
 * `:generateContent`), `GET /v1beta/models`.
 */
export const geminiDialect: FakeDialect<GeminiRequestBody> = {
  route(method, url) {
    const match = /^\/v1beta\/models\/([^/:]+):(streamGenerateContent|generateContent)$/.exec(
      url.pathname,
    );
    if (method === 'POST' && match) {
      const stream = match[2] === 'streamGenerateContent';
      // The SDK always asks for SSE; a JSON-array stream would need another parser.
      if (stream && url.searchParams.get('alt') !== 'sse') return undefined;
      return { kind: 'chat', model: decodeURIComponent(match[1]!), stream };
    }
    if (method === 'GET' && url.pathname === '/v1beta/models') return { kind: 'models' };
    return undefined;
  },
  conversation: (body, model) => ({
    model: model ?? '',
    system: body.systemInstruction ? textOf(body.systemInstruction) : undefined,
    turns: body.contents.map((content) => {
      const images = imagesOf(content);
      return {
        role: content.role === 'model' ? ('assistant' as const) : ('user' as const),
        content: textOf(content),
        ...(images.length > 0 ? { images } : {}),
      };
    }),
  }),
  invalid: invalidOf,
  errorBody: (status, message) => ({
    error: {
      code: status,
      message: message ?? `Scripted failure ${status}`,
      status: STATUS_NAMES[status] ?? 'UNKNOWN',
    },
  }),
  modelsBody: (models) => ({
    models: models.map((id) => ({
      name: `models/${id}`,
      displayName: id,
      supportedGenerationMethods: ['generateContent', 'countTokens'],
    })),
  }),
  completeBody: (model, text, usage) => ({
    candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0, finishReason: 'STOP' }],
    usageMetadata: usageMetadata(usage),
    modelVersion: model,
  }),
  // Gemini has no start event: the first chunk carries the first text.
  streamStart: () => '',
  streamChunk: (model, text) => chunk(model, text),
  streamEnd: (model, usage) => chunk(model, '', { usage: usageMetadata(usage) }),
  streamError: () =>
    `data: ${JSON.stringify({
      error: { code: 503, message: 'Scripted stream failure', status: 'UNAVAILABLE' },
    })}\r\n\r\n`,
};

/** A fake Gemini API; configure the SDK with `httpOptions.baseUrl: fake.url`. */
export function startFakeGemini(): Promise<FakeGemini> {
  return startFakeProviderServer(geminiDialect, { models: ['gemini-fake', 'gemini-fake-2'] });
}
