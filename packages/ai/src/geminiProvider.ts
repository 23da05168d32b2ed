import { ApiError, GoogleGenAI, type Content, type Part } from '@google/genai';
import { turnImages, turnText } from './attachmentPrompt';
import { isNetworkFailure, ProviderConfigurationError, ProviderUnavailableError } from './errors';
import type { ChatProvider, ChatTurn } from './provider';
import { collectReply, resilientStream } from './resilientStream';
import type { RetryPolicy } from './retry';

export interface GeminiProviderOptions {
  /** The name models are listed under. */
  name: string;
  /** @default https://generativelanguage.googleapis.com (the SDK appends /v1beta/...) */
  baseURL?: string;
  apiKey?: string;
  models: string[];
  /** The models that see images, when not the defaults (see vision.ts). */
  visionModels?: string[];
  /** Longest wait for the response and for each chunk after it. */
  timeoutMs: number;
  retry: RetryPolicy;
}

function classify(provider: string, error: unknown): Error {
  if (error instanceof ApiError) {
    if (error.status === 401 || error.status === 403) {
      return new ProviderConfigurationError(provider, error.status);
    }
    const status = error.status;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    return new ProviderUnavailableError(
      provider,
      `The "${provider}" provider answered ${status}: ${messageOf(error)}`,
      retryable,
      { cause: error },
    );
  }
  if (isNetworkFailure(error)) {
    return new ProviderUnavailableError(
      provider,
      `The connection to the "${provider}" provider dropped`,
      true,
      { cause: error },
    );
  }
  return error instanceof Error ? error : new Error(String(error));
}

/** The SDK puts the whole JSON error body in the message; the human part is error.message. */
function messageOf(error: ApiError): string {
  const json = error.message.slice(error.message.indexOf('{'));
  try {
    const body = JSON.parse(json) as { error?: { message?: string } };
    return body.error?.message ?? error.message;
  } catch {
    return error.message;
  }
}

/** A turn's parts: images as inline data first (as Google advises), then its text. */
function partsOf(turn: ChatTurn): Part[] {
  const text = turnText(turn);
  const images = turnImages(turn).map((image): Part => ({
    inlineData: { mimeType: image.mediaType, data: Buffer.from(image.data).toString('base64') },
  }));
  return images.length === 0 ? [{ text }] : [...images, ...(text ? [{ text }] : [])];
}

/** Gemini takes the system prompt apart and calls the assistant `model`. */
export function toGeminiContents(turns: ChatTurn[]) {
  const system = turns
    .filter((turn) => turn.role === 'system')
    .map((turn) => turn.content)
    .join('\n\n');
  const contents: Content[] = turns
    .filter((turn) => turn.role !== 'system')
    .map((turn) => ({
      role: turn.role === 'assistant' ? 'model' : 'user',
      parts: partsOf(turn),
    }));
  return { system: system || undefined, contents };
}

/** Google's Gemini API through `@google/genai`, streamed (`streamGenerateContent?alt=sse`). */
export function createGeminiProvider(options: GeminiProviderOptions): ChatProvider {
  const client = new GoogleGenAI({
    apiKey: options.apiKey || 'not-needed',
    // No SDK timeout or retries: its timeout would bound the whole stream, and retries are ours.
    httpOptions: options.baseURL ? { baseUrl: options.baseURL } : undefined,
  });
  const name = options.name;

  const stream = resilientStream({
    name,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    classify: (error) => classify(name, error),
    async *attempt(request, signal) {
      const { system, contents } = toGeminiContents(request.messages);
      const responses = await client.models.generateContentStream({
        model: request.model,
        contents,
        config: { abortSignal: signal, ...(system ? { systemInstruction: system } : {}) },
      });
      for await (const response of responses) {
        const candidate = response.candidates?.[0];
        const text = (candidate?.content?.parts ?? [])
          .filter((part) => !part.thought && part.text)
          .map((part) => part.text)
          .join('');
        if (text) yield { type: 'delta', text };
        const usage = response.usageMetadata;
        if (usage && candidate?.finishReason) {
          yield {
            type: 'usage',
            usage: {
              promptTokens: usage.promptTokenCount ?? 0,
              // Thinking models bill their thoughts as output too.
              completionTokens: (usage.candidatesTokenCount ?? 0) + (usage.thoughtsTokenCount ?? 0),
            },
          };
        }
        if (candidate?.finishReason) yield { type: 'finish' };
      }
    },
  });

  return {
    name,
    api: 'gemini',
    models: options.models,
    visionModels: options.visionModels,
    stream,
    complete: (request) => collectReply(stream(request)),
    async listRemoteModels(signal) {
      try {
        const pager = await client.models.list({ config: { pageSize: 100, abortSignal: signal } });
        const models: string[] = [];
        for await (const model of pager) {
          const chat =
            !model.supportedActions || model.supportedActions.includes('generateContent');
          if (model.name && chat) models.push(model.name.replace(/^models\//, ''));
          if (models.length >= 1_000) break; // a sane bound on what a picker can show
        }
        return models;
      } catch {
        return undefined;
      }
    },
  };
}
