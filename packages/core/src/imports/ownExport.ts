import { z } from 'zod';
import { LIMITS, zString } from '../schemas/common';
import { messageRole, messageStatus } from '../schemas/messages';
import type { ImportedConversation } from './conversation';

const zDate = z.coerce.date();
const zContent = zString().max(
  LIMITS.messageContent,
  `must be at most ${LIMITS.messageContent} characters`,
);

/** What `exportJson` writes (version 1 had no tree: its messages are one path in order). */
export const ownExportSchema = z.object({
  format: z.literal('chatbot-ai.session'),
  version: z.number().int().min(1).max(2),
  session: z.object({
    id: z.string().min(1).max(64),
    title: zString().trim().min(1).max(LIMITS.title),
    model: z.string().max(LIMITS.model),
    systemPrompt: zString().max(LIMITS.systemPrompt).nullish(),
    createdAt: zDate,
    lastMessageAt: zDate,
  }),
  activeLeafId: z.string().nullish(),
  messages: z
    .array(
      z.object({
        id: z.string().min(1).max(64),
        parentId: z.string().nullish(),
        role: messageRole,
        content: zContent,
        status: messageStatus,
        model: z.string().max(LIMITS.model).nullish(),
        error: zString().max(LIMITS.messageContent).nullish(),
        promptTokens: z.number().int().nullish(),
        completionTokens: z.number().int().nullish(),
        createdAt: zDate,
        updatedAt: zDate.optional(),
      }),
    )
    .max(100_000),
});

export const isOwnExport = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  (value as { format?: unknown }).format === 'chatbot-ai.session';

/** Our own JSON export (an already parsed object) as a conversation to write. */
export function fromOwnExport(value: unknown): ImportedConversation {
  const parsed = ownExportSchema.parse(value);
  const treeShaped = parsed.version >= 2;
  let previous: string | null = null;
  const messages = parsed.messages.map((message) => {
    const parentSourceId = treeShaped ? (message.parentId ?? null) : previous;
    previous = message.id;
    return {
      sourceId: message.id,
      parentSourceId,
      role: message.role,
      content: message.content,
      // Nothing generates an imported reply: one cut off mid-stream stays cut off.
      status: message.status === 'streaming' ? ('interrupted' as const) : message.status,
      model: message.model ?? null,
      error: message.error ?? null,
      promptTokens: message.promptTokens ?? null,
      completionTokens: message.completionTokens ?? null,
      createdAt: message.createdAt,
      updatedAt: message.updatedAt ?? message.createdAt,
    };
  });
  return {
    importKey: `chatbot-ai:${parsed.session.id}`,
    title: parsed.session.title,
    model: parsed.session.model || null,
    systemPrompt: parsed.session.systemPrompt ?? null,
    createdAt: parsed.session.createdAt,
    lastMessageAt: parsed.session.lastMessageAt,
    messages,
    activeLeafSourceId: treeShaped ? (parsed.activeLeafId ?? null) : previous,
  };
}
