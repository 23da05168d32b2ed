import { turnText } from './attachmentPrompt';
import type { ModelAttachment } from './attachments';
import type { ChatProvider, GenerateRequest, ProviderEvent, TokenUsage } from './provider';
import { sleep } from './retry';

export const ECHO_MODEL = 'echo';

export interface EchoOptions {
  /** Pause between words, for a human-readable pace. @default 40 */
  wordDelayMs?: number;
}

/** `a.png (image/png)` for an image, the bare name for a document. */
const describe = (attachment: ModelAttachment) =>
  attachment.kind === 'image' ? `${attachment.name} (${attachment.mediaType})` : attachment.name;

/**
 * The echo model's reply to a conversation: it says what it is, repeats the last message and
 * lists what was attached to it, so a fresh install shows that attachments arrive.
 */
export function echoReply(request: GenerateRequest): string {
  const lastUser = [...request.messages].reverse().find((turn) => turn.role === 'user');
  const said = lastUser?.content.trim() || '(nothing)';
  const attached = lastUser?.attachments?.length
    ? ` [attachments: ${lastUser.attachments.map(describe).join(', ')}]`
    : '';
  return `I am the echo model: no AI provider is configured, so I repeat what you said. You said: ${said}${attached}`;
}

/** Rough token count (about four characters a token), for usage figures and history budgets. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function usageOf(request: GenerateRequest, reply: string): TokenUsage {
  // Inlined documents count: they are part of the prompt a real model would bill.
  const prompt = request.messages.reduce((sum, turn) => sum + estimateTokens(turnText(turn)), 0);
  return { promptTokens: prompt, completionTokens: estimateTokens(reply) };
}

/** The fallback provider when nothing is configured, so a fresh install can chat at once. */
export function createEchoProvider(options: EchoOptions = {}): ChatProvider {
  const wordDelayMs = options.wordDelayMs ?? 40;
  return {
    name: ECHO_MODEL,
    api: 'echo',
    models: [ECHO_MODEL],
    async *stream(request): AsyncIterable<ProviderEvent> {
      const reply = echoReply(request);
      // Words with the whitespace that follows them, so the pieces join back exactly.
      const pieces = reply.match(/\S+\s*/g) ?? [reply];
      for (const [index, piece] of pieces.entries()) {
        if (index > 0 && wordDelayMs > 0) await sleep(wordDelayMs, request.signal);
        request.signal?.throwIfAborted();
        yield { type: 'delta', text: piece };
      }
      yield { type: 'usage', usage: usageOf(request, reply) };
    },
    async complete(request) {
      const reply = echoReply(request);
      return { text: reply, usage: usageOf(request, reply) };
    },
  };
}
