import { z } from 'zod';
import { LIMITS, zCursor, zId, zLimit, zPage, zString, zText } from './common';

export const sessionOutput = z.object({
  id: z.string(),
  title: z.string(),
  model: z.string(),
  systemPrompt: z.string().nullable(),
  isFavorite: z.boolean(),
  groupId: z.string().nullable(),
  lastMessageAt: z.date(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type SessionDTO = z.infer<typeof sessionOutput>;

export const sessionPageOutput = zPage(sessionOutput);

const zModel = zText(LIMITS.model);
const zSystemPrompt = zString().max(
  LIMITS.systemPrompt,
  `must be at most ${LIMITS.systemPrompt} characters`,
);

export const sessionListInput = z
  .object({
    groupId: zId.optional(),
    favorite: z.boolean().optional(),
    search: zString().trim().max(LIMITS.search).optional(),
    cursor: zCursor,
    limit: zLimit(50, 100),
  })
  .default({ limit: 50 });

export const sessionCreateInput = z
  .object({
    title: zText(LIMITS.title).optional(),
    groupId: zId.nullish(),
    model: zModel.optional(),
    systemPrompt: zSystemPrompt.nullish(),
  })
  .default({});

export const sessionUpdateInput = z.object({
  id: zId,
  title: zText(LIMITS.title).optional(),
  isFavorite: z.boolean().optional(),
  groupId: zId.nullish(),
  model: zModel.optional(),
  systemPrompt: zSystemPrompt.nullish(),
});

export const sessionIdInput = z.object({ id: zId });
export const sessionFavoriteInput = z.object({ id: zId, isFavorite: z.boolean() });
export const sessionGroupInput = z.object({ id: zId, groupId: zId.nullable() });

export const exportFormat = z.enum(['json', 'md']);
export const sessionExportInput = z.object({ id: zId, format: exportFormat });
export const sessionExportOutput = z.object({
  filename: z.string(),
  contentType: z.string(),
  content: z.string(),
});
export type SessionExport = z.infer<typeof sessionExportOutput>;
