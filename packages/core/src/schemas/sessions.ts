import { z } from 'zod';
import { LIMITS, zCursor, zId, zLimit, zPage, zString, zText } from './common';
import { providerFamily } from './models';

export const sessionOutput = z.object({
  id: z.string(),
  title: z.string(),
  model: z.string(),
  /** The model's provider family, as the original backend named providers. */
  provider: providerFamily,
  systemPrompt: z.string().nullable(),
  isFavorite: z.boolean(),
  groupId: z.string().nullable(),
  /** The original backend's last version called groups folders: the same value as `groupId`. */
  folderId: z.string().nullable(),
  lastMessageAt: z.date(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type SessionDTO = z.infer<typeof sessionOutput>;

export const sessionPageOutput = zPage(sessionOutput);

/** A model id, or `""` for the provider's default (how the original frontend switches provider). */
const zModel = z.union([z.literal(''), zText(LIMITS.model)]);
const zSystemPrompt = zString().max(
  LIMITS.systemPrompt,
  `must be at most ${LIMITS.systemPrompt} characters`,
);

/**
 * Inputs accept `folderId` (the original's name) as well as `groupId`; `groupId` wins when both
 * are sent. Domain functions only ever see `groupId`.
 */
function folderAsGroup<T extends { groupId?: string | null; folderId?: string | null }>({
  folderId,
  ...rest
}: T): Omit<T, 'folderId'> {
  return rest.groupId === undefined && folderId !== undefined
    ? { ...rest, groupId: folderId }
    : rest;
}

export const sessionListInput = z
  .object({
    groupId: zId.optional(),
    /** Only sessions in no group (ignored when `groupId` is given). */
    ungrouped: z.boolean().optional(),
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
    folderId: zId.nullish(),
    model: zModel.optional(),
    provider: providerFamily.optional(),
    systemPrompt: zSystemPrompt.nullish(),
  })
  .default({})
  .transform(folderAsGroup);

export const sessionUpdateInput = z
  .object({
    id: zId,
    title: zText(LIMITS.title).optional(),
    isFavorite: z.boolean().optional(),
    groupId: zId.nullish(),
    folderId: zId.nullish(),
    model: zModel.optional(),
    provider: providerFamily.optional(),
    systemPrompt: zSystemPrompt.nullish(),
  })
  .transform(folderAsGroup);

export const sessionIdInput = z.object({ id: zId });
export const sessionFavoriteInput = z.object({ id: zId, isFavorite: z.boolean() });
export const sessionGroupInput = z
  .object({ id: zId, groupId: zId.nullable().optional(), folderId: zId.nullable().optional() })
  .refine((input) => input.groupId !== undefined || input.folderId !== undefined, {
    message: 'is required (an id, or null to ungroup)',
    path: ['groupId'],
  })
  .transform(folderAsGroup);

export const exportFormat = z.enum(['json', 'md']);
export const sessionExportInput = z.object({ id: zId, format: exportFormat });
export const sessionExportOutput = z.object({
  filename: z.string(),
  contentType: z.string(),
  content: z.string(),
});
export type SessionExport = z.infer<typeof sessionExportOutput>;
